using CaseBot.Core.Evaluation;
using CaseBot.Core.Tests.Support;

namespace CaseBot.Core.Tests.Answering;

/// <summary>The project's copy of the development question set, scored as shared/eval/score.py scores it.</summary>
public class EvalThresholdTests(CorpusFixture corpus) : IClassFixture<CorpusFixture>
{
    [Fact]
    public async Task DevQuestionSet_MeetsTheAcceptanceThresholds()
    {
        var runner = corpus.Host.Get<EvalRunner>();

        var report = await runner.RunAsync(EvalRunner.Load(Repo.DevQuestions), TestContext.Current.CancellationToken);

        var failures = string.Join(Environment.NewLine, report.Failures.Select(f => $"{f.CaseId} {f.Problem}: {f.Detail}"));
        Assert.True(report.Accuracy.Value >= 0.90, $"accuracy {report.Accuracy}{Environment.NewLine}{failures}");
        Assert.True(report.Support.Value >= 0.90, $"support {report.Support}{Environment.NewLine}{failures}");
        Assert.True(report.Abstain.Value >= 0.80, $"abstain {report.Abstain}{Environment.NewLine}{failures}");
        Assert.True(report.FalseAbstain.Value <= 0.05, $"falseAbstain {report.FalseAbstain}{Environment.NewLine}{failures}");
        Assert.Equal(1.0, report.ForbiddenAbsent.ValueOr(1));
    }
}
