using CaseBot.Core.Evaluation;
using CaseBot.Core.Tests.Support;

namespace CaseBot.Core.Tests.Answering;

/// <summary>
/// The quality gate: the validation part of the question sets (never read by tuning) and four corpora about other,
/// invented cases (never tuned on), scored as shared/eval/score.py scores them. The floors sit a few points under the figures the README
/// quotes, so a change that makes answers worse fails here.
/// </summary>
public class EvalThresholdTests(CorpusFixture corpus) : IClassFixture<CorpusFixture>
{
    [Fact]
    public async Task ValidationQuestions_StayAboveTheMeasuredFigures()
    {
        var runner = corpus.Host.Get<EvalRunner>();

        var report = await runner.RunAsync(EvalRunner.Load(Repo.ValidationQuestions), TestContext.Current.CancellationToken);

        var failures = string.Join(Environment.NewLine, report.Failures.Select(f => $"{f.CaseId} {f.Problem}: {f.Detail}"));
        Assert.True(report.Accuracy.Value >= 0.66, $"accuracy {report.Accuracy}{Environment.NewLine}{failures}");
        Assert.True(report.Support.Value >= 0.66, $"support {report.Support}{Environment.NewLine}{failures}");
        Assert.True(report.Abstain.Value >= 0.52, $"abstain {report.Abstain}{Environment.NewLine}{failures}");
        Assert.True(report.FalseAbstain.Value <= 0.10, $"falseAbstain {report.FalseAbstain}{Environment.NewLine}{failures}");
        Assert.Equal(1.0, report.ForbiddenAbsent.ValueOr(1));
    }

    /// <summary>
    /// Questions written after the weights were fitted, by people who never saw the code: the validation split flatters
    /// (0.72 / 0.04 there against about 0.60 / 0.10 here), so these floors guard what new readers get.
    /// </summary>
    [Theory]
    [InlineData("replay-questions", 0.56, 0.0, 0.12)]
    [InlineData("unseen-1", 0.57, 0.66, 0.16)]
    public async Task FreshQuestions_StayAboveTheMeasuredFigures(string name, double accuracy, double abstain, double falseAbstain)
    {
        var report = await corpus.Host.Get<EvalRunner>().RunAsync(EvalRunner.Load(Repo.FreshQuestions(name)), TestContext.Current.CancellationToken);

        var failures = string.Join(Environment.NewLine, report.Failures.Take(40).Select(f => $"{f.CaseId} {f.Problem}: {f.Detail}"));
        Assert.True(report.Accuracy.Value >= accuracy, $"accuracy {report.Accuracy}{Environment.NewLine}{failures}");
        Assert.True(report.Abstain.ValueOr(1) >= abstain, $"abstain {report.Abstain}{Environment.NewLine}{failures}");
        Assert.True(report.FalseAbstain.Value <= falseAbstain, $"falseAbstain {report.FalseAbstain}{Environment.NewLine}{failures}");
    }

    [Fact]
    public async Task ValidationQuestions_LexicalOnly_AreStillAnswered()
    {
        // The weights are fitted with semantic retrieval on; without it, what cannot be measured counts as average.
        // Before that, the missing closeness scores read as "unrelated" and 72% of answerable questions were declined.
        using var index = new TempDirectory();
        using var host = new CaseBotHost(Repo.Articles, index.Path, new Dictionary<string, string?> { ["Retrieval:Semantic"] = "false" });

        var report = await host.Get<EvalRunner>().RunAsync(EvalRunner.Load(Repo.ValidationQuestions), TestContext.Current.CancellationToken);

        var failures = string.Join(Environment.NewLine, report.Failures.Select(f => $"{f.CaseId} {f.Problem}: {f.Detail}"));
        Assert.True(report.Accuracy.Value >= 0.64, $"accuracy {report.Accuracy}{Environment.NewLine}{failures}");
        Assert.True(report.FalseAbstain.Value <= 0.10, $"falseAbstain {report.FalseAbstain}{Environment.NewLine}{failures}");
        Assert.True(report.Abstain.Value >= 0.15, $"abstain {report.Abstain}{Environment.NewLine}{failures}");
    }

    [Theory]
    [InlineData("othercase", 0.45, 0.52, 0.10)]
    [InlineData("fourthcase", 0.70, 0.38, 0.08)]
    [InlineData("fifthcase", 0.48, 0.28, 0.06)]
    [InlineData("sixthcase", 0.40, 0.52, 0.09)]
    public async Task AnotherCase_WithoutItsGlossary_IsStillAnswered(string name, double accuracy, double abstain, double falseAbstain)
    {
        var (articles, questions) = (Repo.CaseArticles(name), Repo.CaseQuestions(name));
        using var index = new TempDirectory();
        using var host = new CaseBotHost(articles, index.Path, new Dictionary<string, string?> { ["CaseBot:GlossaryPath"] = index.Combine("no-glossary.txt") });

        var report = await host.Get<EvalRunner>().RunAsync(EvalRunner.Load(questions), TestContext.Current.CancellationToken);

        var failures = string.Join(Environment.NewLine, report.Failures.Select(f => $"{f.CaseId} {f.Problem}: {f.Detail}"));
        Assert.True(report.Accuracy.Value >= accuracy, $"accuracy {report.Accuracy}{Environment.NewLine}{failures}");
        Assert.True(report.Abstain.Value >= abstain, $"abstain {report.Abstain}{Environment.NewLine}{failures}");
        Assert.True(report.FalseAbstain.Value <= falseAbstain, $"falseAbstain {report.FalseAbstain}{Environment.NewLine}{failures}");
        Assert.Equal(1.0, report.ForbiddenAbsent.ValueOr(1));
    }
}
