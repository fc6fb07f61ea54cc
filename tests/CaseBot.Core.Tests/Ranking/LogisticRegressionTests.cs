using CaseBot.Core.Answering.Ranking;

namespace CaseBot.Core.Tests.Ranking;

public class LogisticRegressionTests
{
    [Fact]
    public void Fit_OneInformativeFeature_WeighsItAndIgnoresNoise()
    {
        var random = new Random(7);
        var rows = new List<double[]>();
        var labels = new List<bool>();
        for (var i = 0; i < 400; i++)
        {
            var signal = random.NextDouble();
            rows.Add([signal, random.NextDouble()]);
            labels.Add(signal + ((random.NextDouble() - 0.5) * 0.2) > 0.5);
        }

        var (means, scales, weights, bias) = LogisticRegression.Fit(rows, labels, l2: 0.1);

        Assert.True(weights[0] > 3, $"signal weight {weights[0]}");
        Assert.True(Math.Abs(weights[1]) < 0.5, $"noise weight {weights[1]}");
        var gate = new GateModel(["a", "b"], means, scales, weights, bias);
        Assert.True(gate.Probability([0.9, 0.5]) > 0.9);
        Assert.True(gate.Probability([0.1, 0.5]) < 0.1);
    }

    [Fact]
    public void Fit_NotStandardised_KeepsUnitScalesAndStillSeparates()
    {
        var random = new Random(3);
        var rows = new List<double[]>();
        var labels = new List<bool>();
        for (var i = 0; i < 300; i++)
        {
            var signal = (random.NextDouble() - 0.5) * 0.02;
            rows.Add([signal, (random.NextDouble() - 0.5) * 0.5]);
            labels.Add(signal > 0);
        }

        var (_, scales, weights, _) = LogisticRegression.Fit(rows, labels, l2: 0.01, standardise: false);

        Assert.Equal([1.0, 1.0], scales);
        Assert.True(weights[0] > 20 * Math.Abs(weights[1]), $"weights {weights[0]}, {weights[1]}");
    }

    [Fact]
    public void ListwiseFit_TheFeatureThatMarksTheAnswer_RanksItFirst()
    {
        var random = new Random(11);
        var groups = new List<(double[][] Rows, bool[] Labels)>();
        for (var q = 0; q < 60; q++)
        {
            var rows = new double[SentenceFeatures.Count][];
            var labels = new bool[rows.Length];
            var gold = random.Next(rows.Length);
            for (var i = 0; i < rows.Length; i++)
            {
                rows[i] = Enumerable.Range(0, SentenceFeatures.Count).Select(_ => random.NextDouble()).ToArray();
                rows[i][4] = i == gold ? 0.8 + (0.2 * random.NextDouble()) : 0.7 * random.NextDouble();
                labels[i] = i == gold;
            }

            groups.Add((rows, labels));
        }

        var (means, scales, weights) = ListwiseRanker.Fit(groups, l2: 0.1);

        Assert.Equal(4, Array.IndexOf(weights, weights.Max()));
        var model = new RankerModel(SentenceFeatures.Names, means, scales, weights, new GateModel(AnswerGate.Names, new double[AnswerGate.Count], Enumerable.Repeat(1.0, AnswerGate.Count).ToArray(), new double[AnswerGate.Count], 0), 0.5, 0);
        var (rowsOf, labelsOf) = groups[0];
        var best = Enumerable.Range(0, rowsOf.Length).MaxBy(i => model.Score(rowsOf[i]));
        Assert.True(labelsOf[best]);
    }
}
