namespace CaseBot.Core.Answering.Ranking;

/// <summary>Per-feature mean and standard deviation (1 for a constant feature), so fitted weights are comparable.</summary>
internal static class Standardisation
{
    public static (double[] Means, double[] Scales) Of(IReadOnlyList<double[]> rows, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var means = new double[dimensions];
        var scales = new double[dimensions];
        for (var j = 0; j < dimensions; j++)
        {
            var mean = rows.Count > 0 ? rows.Average(r => r[j]) : 0;
            var variance = rows.Count > 0 ? rows.Average(r => (r[j] - mean) * (r[j] - mean)) : 0;
            means[j] = mean;
            scales[j] = variance > 1e-12 ? Math.Sqrt(variance) : 1;
        }

        return (means, scales);
    }

    /// <summary>
    /// The weighted sum of standardised features, <c>Σ w·(x − mean)/scale</c>, that every fitted model here computes. A
    /// feature that is NaN (not measured: semantic retrieval off) counts as its mean and adds nothing.
    /// </summary>
    public static double WeightedSum(IReadOnlyList<double> weights, IReadOnlyList<double> means, IReadOnlyList<double> scales, IReadOnlyList<double> features)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(features);
        var z = 0.0;
        for (var i = 0; i < weights.Count; i++)
        {
            z += double.IsNaN(features[i]) ? 0 : weights[i] * ((features[i] - means[i]) / scales[i]);
        }

        return z;
    }
}
