using CaseBot.Core.Answering.Ranking;

namespace CaseBot.Core.Tests.Ranking;

/// <summary>The question-form model on made-up vectors: what it learns, what it reads, and what it does without a vector.</summary>
public class QuestionFormTests
{
    [Fact]
    public void Fit_TheDirectionThatMarksAnswerableQuestions_RanksThemAbove()
    {
        var random = new Random(5);
        var inputs = new List<double[]>();
        var labels = new List<bool>();
        for (var i = 0; i < 300; i++)
        {
            var answerable = i % 4 != 0;
            var x = Enumerable.Range(0, 8).Select(_ => (random.NextDouble() - 0.5) * 0.1).ToArray();
            x[2] += answerable ? 0.05 : -0.05;
            inputs.Add(x);
            labels.Add(answerable);
        }

        var form = QuestionForm.Fit(inputs, labels, l2: 0.1);

        var high = new double[8];
        var low = new double[8];
        high[2] = 0.05;
        low[2] = -0.05;
        Assert.True(form.LogOdds(high) > form.LogOdds(low) + 1, $"{form.LogOdds(high)} vs {form.LogOdds(low)}");
        Assert.True(Math.Abs(form.Weights[2]) > 5 * form.Weights.Where((_, i) => i != 2).Max(Math.Abs));
        Assert.All(form.Scales, scale => Assert.Equal(1.0, scale));
    }

    [Fact]
    public void Input_IsTheQuestionRelativeToTheCorpus()
    {
        var input = QuestionForm.Input([0.5f, 0.25f], [0.125f, 0.25f]);

        Assert.Equal([0.375, 0.0], input);
    }

    [Fact]
    public void LogOdds_WithoutAVectorOfTheFittedSize_IsNotKnown()
    {
        var form = new QuestionForm([0, 0], [1, 1], [1, 1], 0, 1);

        Assert.True(double.IsNaN(form.LogOdds([1.0, 2.0, 3.0])));
        Assert.True(double.IsNaN(form.LogOdds((CaseBot.Core.Retrieval.Semantic.SemanticResult?)null)));
        Assert.Equal(3.0, form.LogOdds([1.0, 2.0]));
    }

    [Fact]
    public void GateProbability_AFeatureNotKnown_CountsAsItsMean()
    {
        var gate = new GateModel(["a", "b"], [0.5, 2.0], [1, 1], [1.5, -2], 0.25);

        Assert.Equal(gate.Probability([1.0, 2.0]), gate.Probability([1.0, double.NaN]), 12);
        Assert.NotEqual(gate.Probability([1.0, 2.0]), gate.Probability([1.0, 3.0]));
    }
}
