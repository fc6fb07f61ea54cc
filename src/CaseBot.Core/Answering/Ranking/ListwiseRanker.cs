namespace CaseBot.Core.Answering.Ranking;

/// <summary>
/// Fits linear sentence-scoring weights with a listwise (softmax) loss: for each question, the probability mass the
/// softmax over its candidates puts on the sentences that answer. It learns which candidate is best for a question,
/// not an absolute score, so features that are the same for every candidate of a question have no effect.
/// Standardised features, L2 penalty, Adam.
/// </summary>
internal static class ListwiseRanker
{
    public static (double[] Means, double[] Scales, double[] Weights) Fit(IReadOnlyList<(double[][] Rows, bool[] Labels)> groups, double l2, int iterations = 400)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var all = groups.SelectMany(g => g.Rows).ToList();
        var d = all.Count > 0 ? all[0].Length : SentenceFeatures.Count;
        var (means, scales) = Standardisation.Of(all, d);

        var usable = groups.Where(g => g.Labels.Any(l => l) && g.Labels.Any(l => !l))
            .Select(g => (Rows: g.Rows.Select(r => Standardise(r, means, scales)).ToArray(), g.Labels))
            .ToList();
        var w = new double[d];
        var m = new double[d];
        var v = new double[d];
        const double rate = 0.05, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
        for (var t = 1; t <= iterations && usable.Count > 0; t++)
        {
            var gradient = new double[d];
            foreach (var (rows, labels) in usable)
            {
                var z = rows.Select(r => Dot(w, r)).ToArray();
                var max = z.Max();
                var e = z.Select(x => Math.Exp(x - max)).ToArray();
                var sumAll = e.Sum();
                var sumPos = e.Where((_, i) => labels[i]).Sum();
                for (var i = 0; i < rows.Length; i++)
                {
                    var coefficient = (e[i] / sumAll) - (labels[i] ? e[i] / sumPos : 0);
                    for (var j = 0; j < d; j++)
                    {
                        gradient[j] += coefficient * rows[i][j];
                    }
                }
            }

            for (var j = 0; j < d; j++)
            {
                var g = (gradient[j] / usable.Count) + (l2 * w[j] / usable.Count);
                m[j] = (beta1 * m[j]) + ((1 - beta1) * g);
                v[j] = (beta2 * v[j]) + ((1 - beta2) * g * g);
                var mHat = m[j] / (1 - Math.Pow(beta1, t));
                var vHat = v[j] / (1 - Math.Pow(beta2, t));
                w[j] -= rate * mHat / (Math.Sqrt(vHat) + epsilon);
            }
        }

        return (means, scales, w);
    }

    private static double[] Standardise(double[] row, double[] means, double[] scales)
    {
        var x = new double[row.Length];
        for (var j = 0; j < row.Length; j++)
        {
            x[j] = (row[j] - means[j]) / scales[j];
        }

        return x;
    }

    private static double Dot(double[] a, double[] b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }
}
