using System.CommandLine;
using CaseBot.Core.Evaluation;
using Microsoft.Extensions.DependencyInjection;

namespace CaseBot.Cli.Commands;

/// <summary><c>tune</c>: fits the sentence ranker on tuning questions and writes its weights.</summary>
internal static class TuneCommand
{
    public static Command Create(HostPaths paths, TextWriter output)
    {
        var files = new Argument<FileInfo[]>("files") { Description = "Tuning question sets (never the validation set).", Arity = ArgumentArity.OneOrMore };
        var outPath = new Option<FileInfo?>("--out") { Description = "Where to write the weights (default: print them)." };
        var folds = new Option<int>("--folds") { Description = "Cross-validation folds (by question).", DefaultValueFactory = _ => 5 };
        var target = new Option<double>("--target-false-abstain") { Description = "Held-out share of answerable questions the threshold may leave unanswered.", DefaultValueFactory = _ => 0.07 };
        var details = new Option<FileInfo?>("--details") { Description = "Write the held-out ranking misses (question, top and gold sentence) to this file." };
        var command = new Command("tune", "Fit the sentence ranker on tuning questions: cross-validated figures, then the weights.") { files, outPath, folds, target, details };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var sets = parse.GetValue(files)!;
            var missing = sets.FirstOrDefault(f => !f.Exists);
            if (missing is not null)
            {
                await error.WriteLineAsync($"The question set '{missing.FullName}' does not exist.");
                return 2;
            }

            if (parse.GetValue(folds) is < 2 or > 20)
            {
                await error.WriteLineAsync("--folds must be between 2 and 20.");
                return 2;
            }

            using var host = paths.BuildHost(parse);
            var tuner = host.Services.GetRequiredService<RankerTuner>();
            var cases = sets.SelectMany(f => EvalRunner.Load(f.FullName)).ToList();
            var progress = new Progress<string>(m => error.WriteLine($"tune: {m}"));
            var result = await tuner.TuneAsync(cases, new TuneSettings(parse.GetValue(folds), parse.GetValue(target)) { DetailsPath = parse.GetValue(details)?.FullName }, progress, cancellationToken);
            foreach (var line in result.Report)
            {
                await output.WriteLineAsync(line);
            }

            if (parse.GetValue(outPath) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, result.ModelJson + Environment.NewLine, cancellationToken);
                await output.WriteLineAsync($"weights written to {file.FullName}");
            }
            else
            {
                await output.WriteLineAsync(result.ModelJson);
            }

            return 0;
        });
        return command;
    }
}
