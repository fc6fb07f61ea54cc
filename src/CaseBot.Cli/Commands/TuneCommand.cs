using System.CommandLine;
using CaseBot.Core.Evaluation;
using CaseBot.Core.Retrieval;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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
        var corpora = new Option<string[]>("--corpus")
        {
            Description = "Another case to tune on as well, as ARTICLES_DIR=QUESTIONS.jsonl (repeatable; indexed into a temporary folder, no glossary).",
            AllowMultipleArgumentsPerToken = false,
        };
        var details = new Option<FileInfo?>("--details") { Description = "Write the held-out ranking misses (question, top and gold sentence) to this file." };
        var features = new Option<FileInfo?>("--features") { Description = "Write each tuning turn's gate features, held-out ranking and candidates' features as JSON lines, for screening new features outside CaseBot." };
        var command = new Command("tune", "Fit the sentence ranker on tuning questions: cross-validated figures, then the weights.") { files, outPath, folds, target, details, features, corpora };
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

            var extra = new List<(string Articles, string Questions)>();
            foreach (var pair in parse.GetValue(corpora) ?? [])
            {
                var parts = pair.Split('=', 2);
                if (parts.Length != 2 || !Directory.Exists(parts[0]) || !File.Exists(parts[1]))
                {
                    await error.WriteLineAsync($"--corpus '{pair}': expected an existing articles folder and question file as ARTICLES_DIR=QUESTIONS.jsonl.");
                    return 2;
                }

                extra.Add((Path.GetFullPath(parts[0]), Path.GetFullPath(parts[1])));
            }

            var progress = new Progress<string>(m => error.WriteLine($"tune: {m}"));
            var data = new List<TuningData>();
            using (var host = paths.BuildHost(parse, services: s => s.AddCaseBotEvaluation()))
            {
                if (!host.Services.GetRequiredService<IOptions<RetrievalOptions>>().Value.Semantic)
                {
                    await error.WriteLineAsync("tune fits the closeness-in-meaning features too, so it needs Retrieval:Semantic=true. The weights it writes serve lexical-only mode as well (what that mode cannot measure counts as average).");
                    return 2;
                }

                var cases = sets.SelectMany(f => EvalRunner.Load(f.FullName)).ToList();
                data.Add(await host.Services.GetRequiredService<RankerTuner>().CollectAsync("main", cases, progress, cancellationToken));
            }

            foreach (var (articles, questions) in extra)
            {
                var index = Path.Combine(Path.GetTempPath(), "casebot-tune-" + Guid.NewGuid().ToString("N")[..8]);
                try
                {
                    using var host = paths.BuildHost(parse, new Dictionary<string, string?>
                    {
                        ["CaseBot:ArticlesPath"] = articles,
                        ["CaseBot:IndexPath"] = index,
                        ["CaseBot:GlossaryPath"] = Path.Combine(index, "no-glossary.txt"),
                    }, s => s.AddCaseBotEvaluation());
                    var name = Path.GetFileName(Path.GetDirectoryName(articles.TrimEnd(Path.DirectorySeparatorChar))) ?? articles;
                    data.Add(await host.Services.GetRequiredService<RankerTuner>().CollectAsync(name, EvalRunner.Load(questions), progress, cancellationToken));
                }
                finally
                {
                    if (Directory.Exists(index))
                    {
                        Directory.Delete(index, recursive: true);
                    }
                }
            }

            var result = await RankerTuner.FitAsync(data, new TuneSettings(parse.GetValue(folds), parse.GetValue(target)) { DetailsPath = parse.GetValue(details)?.FullName, FeaturesPath = parse.GetValue(features)?.FullName }, cancellationToken);
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
