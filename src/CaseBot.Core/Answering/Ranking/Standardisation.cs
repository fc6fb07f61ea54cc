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
}
