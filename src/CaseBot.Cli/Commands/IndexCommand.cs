using System.CommandLine;
using CaseBot.Core.Retrieval;
using Microsoft.Extensions.DependencyInjection;

namespace CaseBot.Cli.Commands;

internal static class IndexCommand
{
    public static Command Create(HostPaths paths, TextWriter output)
    {
        var command = new Command("index", "Rebuild the passage index from the articles now.");
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = paths.BuildHost(parse);
            var index = host.Services.GetRequiredService<PassageIndex>();
            var report = index.Rebuild(cancellationToken);
            await output.WriteLineAsync($"Indexed {report.Passages} passages from {report.Articles} articles in {report.Elapsed.TotalMilliseconds:0} ms into {report.IndexPath}");
            foreach (var skipped in report.Skipped)
            {
                await output.WriteLineAsync($"Skipped {skipped.Source}: {skipped.Reason}");
            }

            return 0;
        });
        return command;
    }
}
