using System.Text.Json.Serialization;

namespace CaseBot.Core.Answering.Ranking;

/// <summary>
/// Gradient-boosted regression trees on the same listwise (softmax) loss as <see cref="ListwiseRanker"/>, fitted on
/// top of the linear scores: they add what a weighted sum cannot say ("a value of the kind asked for matters only
/// when the sentence is also close in meaning"). Small trees, shrinkage, a minimum leaf size and an L2 penalty keep
/// them from learning individual questions; cross-validation decides whether they are used at all.
/// </summary>
internal static class BoostedTrees
{
    private const int Bins = 32;

    public static List<RegressionTree> Fit(IReadOnlyList<(double[][] Rows, bool[] Labels)> groups, Func<double[], double> baseScore, int rounds, int depth = 3, double rate = 0.1, int minLeaf = 20, double lambda = 5)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(baseScore);
        var usable = groups.Where(g => g.Labels.Any(l => l) && g.Labels.Any(l => !l)).ToList();
        var trees = new List<RegressionTree>();
        if (usable.Count == 0)
        {
            return trees;
        }

        var rows = usable.SelectMany(g => g.Rows).ToArray();
        var d = rows[0].Length;
        var thresholds = new double[d][];
        for (var j = 0; j < d; j++)
        {
            var values = rows.Select(r => r[j]).Order().ToArray();
            thresholds[j] = Enumerable.Range(1, Bins - 1).Select(b => values[(int)((long)b * (values.Length - 1) / Bins)]).Distinct().ToArray();
        }

        var bins = rows.Select(r => Enumerable.Range(0, d).Select(j => (byte)BinOf(thresholds[j], r[j])).ToArray()).ToArray();
        var scores = rows.Select(baseScore).ToArray();
        var gradient = new double[rows.Length];
        var hessian = new double[rows.Length];
        for (var round = 0; round < rounds; round++)
        {
            var offset = 0;
            foreach (var (groupRows, labels) in usable)
            {
                var n = groupRows.Length;
                var max = double.MinValue;
                for (var i = 0; i < n; i++)
                {
                    max = Math.Max(max, scores[offset + i]);
                }

                var sum = 0.0;
                for (var i = 0; i < n; i++)
                {
                    sum += Math.Exp(scores[offset + i] - max);
                }

                var positives = labels.Count(l => l);
                for (var i = 0; i < n; i++)
                {
                    var p = Math.Exp(scores[offset + i] - max) / sum;
                    gradient[offset + i] = p - (labels[i] ? 1.0 / positives : 0);
                    hessian[offset + i] = Math.Max(p * (1 - p), 1e-6);
                }

                offset += n;
            }

            var nodes = new List<Node>();
            Grow(nodes, Enumerable.Range(0, rows.Length).ToArray(), bins, thresholds, gradient, hessian, depth, minLeaf, lambda, rate);
            var tree = new RegressionTree(
                nodes.Select(x => x.Feature).ToArray(),
                nodes.Select(x => x.Threshold).ToArray(),
                nodes.Select(x => x.Left).ToArray(),
                nodes.Select(x => x.Right).ToArray(),
                nodes.Select(x => x.Value).ToArray());
            trees.Add(tree);
            for (var i = 0; i < rows.Length; i++)
            {
                scores[i] += tree.Evaluate(rows[i]);
            }
        }

        return trees;
    }

    private static int BinOf(double[] thresholds, double value)
    {
        var bin = 0;
        while (bin < thresholds.Length && value > thresholds[bin])
        {
            bin++;
        }

        return bin;
    }

    private static int Grow(List<Node> nodes, int[] members, byte[][] bins, double[][] thresholds, double[] g, double[] h, int depth, int minLeaf, double lambda, double rate)
    {
        double gSum = 0, hSum = 0;
        foreach (var i in members)
        {
            gSum += g[i];
            hSum += h[i];
        }

        var index = nodes.Count;
        nodes.Add(new Node(-1, 0, -1, -1, -rate * gSum / (hSum + lambda)));
        if (depth == 0 || members.Length < 2 * minLeaf)
        {
            return index;
        }

        var parentScore = gSum * gSum / (hSum + lambda);
        double bestGain = 1e-9;
        int bestFeature = -1, bestBin = -1;
        var d = thresholds.Length;
        for (var j = 0; j < d; j++)
        {
            var gBin = new double[Bins + 1];
            var hBin = new double[Bins + 1];
            var nBin = new int[Bins + 1];
            foreach (var i in members)
            {
                var b = bins[i][j];
                gBin[b] += g[i];
                hBin[b] += h[i];
                nBin[b]++;
            }

            double gLeft = 0, hLeft = 0;
            var nLeft = 0;
            for (var b = 0; b < thresholds[j].Length; b++)
            {
                gLeft += gBin[b];
                hLeft += hBin[b];
                nLeft += nBin[b];
                var nRight = members.Length - nLeft;
                if (nLeft < minLeaf || nRight < minLeaf)
                {
                    continue;
                }

                var gain = (gLeft * gLeft / (hLeft + lambda)) + ((gSum - gLeft) * (gSum - gLeft) / (hSum - hLeft + lambda)) - parentScore;
                if (gain > bestGain)
                {
                    (bestGain, bestFeature, bestBin) = (gain, j, b);
                }
            }
        }

        if (bestFeature < 0)
        {
            return index;
        }

        var left = members.Where(i => bins[i][bestFeature] <= bestBin).ToArray();
        var right = members.Where(i => bins[i][bestFeature] > bestBin).ToArray();
        var leftIndex = Grow(nodes, left, bins, thresholds, g, h, depth - 1, minLeaf, lambda, rate);
        var rightIndex = Grow(nodes, right, bins, thresholds, g, h, depth - 1, minLeaf, lambda, rate);
        nodes[index] = new Node(bestFeature, thresholds[bestFeature][bestBin], leftIndex, rightIndex, 0);
        return index;
    }

    private sealed record Node(int Feature, double Threshold, int Left, int Right, double Value);
}

/// <summary>One regression tree as flat node arrays: a node with feature -1 is a leaf holding its value.</summary>
internal sealed record RegressionTree(
    [property: JsonPropertyName("feature")] int[] Feature,
    [property: JsonPropertyName("threshold")] double[] Threshold,
    [property: JsonPropertyName("left")] int[] Left,
    [property: JsonPropertyName("right")] int[] Right,
    [property: JsonPropertyName("value")] double[] Value)
{
    public double Evaluate(double[] features)
    {
        var node = 0;
        while (Feature[node] >= 0)
        {
            node = features[Feature[node]] <= Threshold[node] ? Left[node] : Right[node];
        }

        return Value[node];
    }
}
