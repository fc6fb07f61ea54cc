using System.Globalization;
using System.Text.RegularExpressions;

namespace CaseBot.Cli.Tests;

public sealed partial class CommandTests : IDisposable
{
    private readonly CliRun _cli = new();

    [Fact]
    public async Task Ask_Question_PrintsTheAnswerThenFootnotesWithQuotes()
    {
        var (code, stdout, _) = await _cli.RunAsync(string.Empty, "ask", "How much did the jury award Carroll?");

        Assert.Equal(0, code);
        Assert.Contains("[1]", stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\[1\] .+ — (.+, )?(\d{1,2} [A-Z][a-z]+ \d{4}|undated)$", stdout);
        Assert.Contains("$5", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskJson_PrintsOneJsonObject()
    {
        var (code, stdout, _) = await _cli.RunAsync(string.Empty, "ask", "--json", "Who is the judge?");

        Assert.Equal(0, code);
        var line = Assert.Single(CliRun.JsonLines(stdout));
        Assert.True(line.GetProperty("answered").GetBoolean());
    }

    [Fact]
    public async Task Ask_EmptyQuestion_GetsAHelpfulPrompt()
    {
        var (code, stdout, _) = await _cli.RunAsync(string.Empty, "ask", "");

        Assert.Equal(0, code);
        Assert.Contains("Ask me a question", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_MissingArticlesFolder_IsAClearErrorNamingThePath()
    {
        var missing = Path.Combine(Path.GetTempPath(), "casebot-missing-" + Guid.NewGuid().ToString("N"));

        var (code, stdout, stderr) = await _cli.RunAsync(string.Empty, "ask", "--articles", missing, "Who is the judge?");

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.Contains(missing, stderr, StringComparison.Ordinal);
        Assert.StartsWith("casebot:", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Index_RebuildsAndReportsWhatItIndexed()
    {
        var (code, stdout, _) = await _cli.RunAsync(string.Empty, "index");

        Assert.Equal(0, code);
        Assert.Matches(@"Indexed \d+ passages from 5 articles", stdout);
        Assert.True(File.Exists(Path.Combine(_cli.IndexPath, "CURRENT")));
    }

    [Fact]
    public async Task Eval_ValidationQuestionSet_PrintsFiguresAboveTheThresholds()
    {
        var set = Repo.ValidationQuestions;

        var (code, stdout, _) = await _cli.RunAsync(string.Empty, "eval", set);

        Assert.Equal(0, code);
        var summary = Summary().Match(stdout);
        Assert.True(summary.Success, stdout);
        Assert.True(Figure(summary, "accuracy") >= 0.66, stdout);
        Assert.True(Figure(summary, "support") >= 0.66, stdout);
        Assert.True(Figure(summary, "abstain") >= 0.24, stdout);
        Assert.True(Figure(summary, "falseAbstain") <= 0.10, stdout);
        Assert.Equal(1.0, Figure(summary, "forbidden"));
    }

    [Fact]
    public async Task Eval_MissingFile_IsAClearError()
    {
        var (code, _, stderr) = await _cli.RunAsync(string.Empty, "eval", "no-such-set.jsonl");

        Assert.NotEqual(0, code);
        Assert.Contains("no-such-set.jsonl", stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Tune_SmallSet_PrintsCrossValidatedFiguresAndWritesWeightsTheComposerLoads()
    {
        using var folder = new TempDirectory();
        var set = TuningSubset(folder, 60);
        var weights = folder.Combine("ranker.json");
        var features = folder.Combine("features.jsonl");

        var (code, stdout, stderr) = await _cli.RunAsync(string.Empty, "tune", set, "--folds", "3", "--out", weights, "--features", features);

        Assert.True(code == 0, stderr);
        Assert.Contains("cross-validated (3 folds, by case): accuracy", stdout, StringComparison.Ordinal);
        var model = CaseBot.Core.Answering.Ranking.RankerModel.Load(weights);
        Assert.InRange(model.Threshold, 0.0, 0.95);
        Assert.Contains(model.Weights, w => w != 0);

        // One line per turn: what the gate read (held-out) and every candidate's named features, for screening.
        var turns = int.Parse(System.Text.RegularExpressions.Regex.Match(stdout, @"^turns: (\d+) ", System.Text.RegularExpressions.RegexOptions.Multiline).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var lines = File.ReadAllLines(features).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(turns, lines.Count);
        Assert.All(lines, l => Assert.Equal(CaseBot.Core.Answering.Ranking.AnswerGate.Names, l.GetProperty("gate").EnumerateObject().Select(p => p.Name)));
        var candidate = lines.SelectMany(l => l.GetProperty("candidates").EnumerateArray()).First();
        Assert.Equal(CaseBot.Core.Answering.Ranking.SentenceFeatures.Names, candidate.GetProperty("features").EnumerateObject().Select(p => p.Name));
        Assert.Contains(lines, l => l.GetProperty("candidates").EnumerateArray().Any(c => c.GetProperty("gold").GetBoolean()));
    }

    /// <summary>The first <paramref name="count"/> tuning questions, as a set file in <paramref name="folder"/>.</summary>
    private static string TuningSubset(TempDirectory folder, int count) =>
        folder.Write("tune.jsonl", string.Join('\n', File.ReadLines(Path.Combine(Repo.Root, "tests", "eval", "tune.jsonl")).Take(count)) + "\n");

    [Fact]
    public async Task Tune_WhenTheStoredWeightsWereFittedForOtherFeatures_StillRefitsThem()
    {
        using var folder = new TempDirectory();
        var set = TuningSubset(folder, 40);
        var stale = folder.Combine("stale.json");
        var current = CaseBot.Core.Answering.Ranking.RankerModel.Load(null);
        await File.WriteAllTextAsync(stale, (current with { Features = [.. current.Features.Skip(1), "a feature since removed"] }).ToJson(), TestContext.Current.CancellationToken);
        var weights = folder.Combine("ranker.json");
        var environment = new Dictionary<string, string> { ["Answering__RankerPath"] = stale };

        var (code, stdout, stderr) = await CliProcess.RunAsync(environment, string.Empty, "tune", set, "--folds", "2", "--out", weights, "--index", folder.Combine("index"));

        Assert.True(code == 0, stderr);
        Assert.Contains("neutral ranking", stderr, StringComparison.Ordinal);
        Assert.Contains("cross-validated (2 folds, by case): accuracy", stdout, StringComparison.Ordinal);
        Assert.Equal(current.Features, CaseBot.Core.Answering.Ranking.RankerModel.Load(weights).Features);
    }

    [Fact]
    public async Task Tune_WithSemanticRetrievalOff_SaysItNeedsItAndWritesNothing()
    {
        using var folder = new TempDirectory();
        var set = TuningSubset(folder, 10);
        var weights = folder.Combine("ranker.json");
        var environment = new Dictionary<string, string> { ["Retrieval__Semantic"] = "false" };

        var (code, stdout, stderr) = await CliProcess.RunAsync(environment, string.Empty, "tune", set, "--out", weights, "--index", folder.Combine("index"));

        Assert.Equal(2, code);
        Assert.Contains("Retrieval:Semantic=true", stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout);
        Assert.False(File.Exists(weights));
    }

    [Fact]
    public async Task Tune_MissingFile_IsAClearError()
    {
        var (code, _, stderr) = await _cli.RunAsync(string.Empty, "tune", "no-such-set.jsonl");

        Assert.NotEqual(0, code);
        Assert.Contains("no-such-set.jsonl", stderr, StringComparison.Ordinal);
    }

    private static double Figure(Match summary, string name) =>
        double.Parse(summary.Groups[name].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"accuracy=(?<accuracy>[\d.]+) support=(?<support>[\d.]+) abstain=(?<abstain>[\d.]+) falseAbstain=(?<falseAbstain>[\d.]+) forbidden_absent=(?<forbidden>[\d.]+)")]
    private static partial Regex Summary();
}
