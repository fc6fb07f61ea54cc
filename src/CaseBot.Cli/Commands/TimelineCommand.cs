using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using CaseBot.Core;
using CaseBot.Core.Articles;
using CaseBot.Core.Timeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CaseBot.Cli.Commands;

internal static class TimelineCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    };

    public static Command Create(HostPaths paths, TextWriter output, TextWriter error)
    {
        var json = new Option<bool>("--json") { Description = "Print the timeline as one JSON array of {date, text, citations}." };
        var command = new Command("timeline", "List the dated events the articles report, in date order, each with the article sentences that report it.") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = paths.BuildHost(parse);
            var options = host.Services.GetRequiredService<IOptions<CaseBotOptions>>().Value;
            var folder = options.ResolvePath(options.ArticlesPath);
            var corpus = host.Services.GetRequiredService<ArticleLoader>().Load(folder);
            if (corpus.Articles.Count == 0)
            {
                await error.WriteLineAsync($"casebot: the articles folder '{folder}' has no readable articles (.txt or .md files with text), so there is no timeline.");
                return 1;
            }

            var entries = host.Services.GetRequiredService<TimelineBuilder>().Build(corpus);
            cancellationToken.ThrowIfCancellationRequested();
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(entries.Select(TimelineEntryJson.From), Json));
            }
            else
            {
                await WriteTextAsync(entries, corpus.Articles.Count, output);
            }

            return 0;
        });
        return command;
    }

    private static async Task WriteTextAsync(IReadOnlyList<TimelineEntry> entries, int articles, TextWriter output)
    {
        if (entries.Count == 0)
        {
            await output.WriteLineAsync($"No dated events found in {articles} articles.");
            return;
        }

        foreach (var entry in entries)
        {
            await output.WriteLineAsync($"{entry.DateLabel}: {entry.Text}");
            // An article that reports the event in several sentences is named once.
            foreach (var citation in entry.Citations.DistinctBy(c => c.Source))
            {
                var date = citation.ArticleDate?.ToString("d MMMM yyyy", CultureInfo.InvariantCulture) ?? "undated";
                await output.WriteLineAsync($"    — {citation.Title}, {date}");
            }

            await output.WriteLineAsync();
        }

        await output.WriteLineAsync($"{entries.Count} dated events from {articles} articles.");
    }
}
