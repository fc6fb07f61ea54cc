using System.CommandLine;
using CaseBot.Cli.Commands;
using CaseBot.Core;

namespace CaseBot.Cli;

/// <summary>The console's commands. Answers and machine-readable output go to <c>stdout</c>; logs go to <c>stderr</c>.</summary>
internal static class CliApp
{
    public static Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var articles = new Option<string?>("--articles") { Description = "Folder of article files (overrides CaseBot:ArticlesPath).", Recursive = true };
        var index = new Option<string?>("--index") { Description = "Folder of the Lucene index (overrides CaseBot:IndexPath).", Recursive = true };
        error = TextWriter.Synchronized(error);
        var paths = new HostPaths(articles, index, error);
        var root = new RootCommand("CaseBot answers questions about a legal case from news articles (the case profile in appsettings.json), citing every passage.")
        {
            Options = { articles, index },
            Subcommands =
            {
                AskCommand.Create(paths, output, error),
                ChatCommand.Create(paths, input, output, error),
                IndexCommand.Create(paths, output),
                TimelineCommand.Create(paths, output, error),
                EvalCommand.Create(paths, output),
                TuneCommand.Create(paths, output),
                TeamsPackageCommand.Create(output),
            },
        };
        return InvokeAsync(root.Parse(args), output, error, cancellationToken);
    }

    /// <summary>Runs the command, then lets a background encoder load finish so that an early exit does not cut it short.</summary>
    private static async Task<int> InvokeAsync(ParseResult parse, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            return await InvokeCommandAsync(parse, output, error, cancellationToken);
        }
        finally
        {
            CaseBotWarmUp.Finish(TimeSpan.FromSeconds(30));
        }
    }

    private static async Task<int> InvokeCommandAsync(ParseResult parse, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
        catch (Exception ex) when (UserErrors.Describe(ex) is { } line)
        {
            await error.WriteLineAsync($"casebot: {line}");
            return 1;
        }
        catch (Exception ex)
        {
            // A bug, not something the user did: the stack trace belongs in the report.
            await error.WriteLineAsync($"casebot: unexpected error: {ex}");
            return 70;
        }
    }
}
