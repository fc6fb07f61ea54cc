using System.CommandLine;
using CaseBot.Core;
using Microsoft.Extensions.Options;

namespace CaseBot.Perf;

/// <summary>The performance tooling's commands. Tables and machine-readable lines go to <c>stdout</c>; progress and logs to <c>stderr</c>.</summary>
internal static class PerfApp
{
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var articles = new Option<string?>("--articles") { Description = "Folder of article files (overrides CaseBot:ArticlesPath).", Recursive = true };
        var index = new Option<string?>("--index") { Description = "Folder of the Lucene index (overrides CaseBot:IndexPath).", Recursive = true };
        error = TextWriter.Synchronized(error);
        var host = new PerfHost(articles, index);
        var root = new RootCommand("CaseBot's performance tooling: a synthetic corpus, benchmarks beside SQLite FTS5, load on a running bot, and a soak of the bot as its own process.")
        {
            Options = { articles, index },
            Subcommands =
            {
                PerformanceCommands.GenCorpus(host, output),
                PerformanceCommands.Bench(host, output),
                PerformanceCommands.Load(host, output),
                PerformanceCommands.Soak(host, output),
            },
        };
        return InvokeAsync(root.Parse(args), output, error, cancellationToken);
    }

    private static async Task<int> InvokeAsync(ParseResult parse, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException or OptionsValidationException or InvalidDataException)
        {
            await error.WriteLineAsync($"casebot-perf: {ex.Message.ReplaceLineEndings(" ")}");
            return 1;
        }
        catch (Exception ex)
        {
            await error.WriteLineAsync($"casebot-perf: unexpected error: {ex}");
            return 70;
        }
        finally
        {
            // bench starts the sentence encoder in the background; let it finish so that an early exit does not cut it short.
            CaseBotWarmUp.Finish(TimeSpan.FromSeconds(30));
        }
    }
}
