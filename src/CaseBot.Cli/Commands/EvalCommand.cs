using System.CommandLine;
using CaseBot.Core.Evaluation;
using Microsoft.Extensions.DependencyInjection;

namespace CaseBot.Cli.Commands;

internal static class EvalCommand
{
    public static Command Create(HostPaths paths, TextWriter output)
    {
        var file = new Argument<FileInfo>("file") { Description = "A question set in the format of shared/eval/README.md." };
        var mode = new Option<string?>("--mode") { Description = "Answer strategy for this run: extractive or model (overrides Answering:Mode)." };
        mode.AcceptOnlyFromAmong("extractive", "model", "Extractive", "Model");
        var command = new Command("eval", "Run a question set in-process and print its figures.") { file, mode };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var set = parse.GetValue(file)!;
            if (!set.Exists)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"The question set '{set.FullName}' does not exist.");
                return 2;
            }

            var overrides = parse.GetValue(mode) is { } m
                ? new Dictionary<string, string?> { ["Answering:Mode"] = m.Equals("model", StringComparison.OrdinalIgnoreCase) ? "Model" : "Extractive" }
                : null;
            using var host = paths.BuildHost(parse, overrides, s => s.AddCaseBotEvaluation());
            if (CorpusCheck.EnsureArticles(host.Services) is { } problem)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"casebot: {problem}");
                return 1;
            }

            var runner = host.Services.GetRequiredService<EvalRunner>();
            var report = await runner.RunAsync(EvalRunner.Load(set.FullName), cancellationToken);
            foreach (var failure in report.Failures)
            {
                await output.WriteLineAsync($"   {failure.CaseId} {failure.Problem} {failure.Detail}");
            }

            await output.WriteLineAsync($"abstain: {report.Abstain}\naccuracy: {report.Accuracy}\nfalse_abstain: {report.FalseAbstain}\nforbidden_absent: {report.ForbiddenAbsent}\nsupport: {report.Support}");
            foreach (var (title, groups) in new[] { ("by style", report.ByStyle), ("by answer type", report.ByAnswerType) })
            {
                await output.WriteLineAsync($"{title}:");
                foreach (var (name, figures) in groups)
                {
                    await output.WriteLineAsync($"  {name,-12} {figures}");
                }
            }

            await output.WriteLineAsync($"turns={report.Turns} elapsed={report.Elapsed.TotalMilliseconds:0}ms ({report.Elapsed.TotalMilliseconds / Math.Max(1, report.Turns):0.0} ms/turn)");
            if (report.ModelAnswers + report.Fallbacks > 0)
            {
                await output.WriteLineAsync($"model answers: {report.ModelAnswers}/{report.Turns}; verification removed something in {report.VerificationRemoved}/{report.Turns}; fell back to extractive in {report.Fallbacks}/{report.Turns}");
            }

            await output.WriteLineAsync(report.Summary);
            return 0;
        });
        return command;
    }
}
