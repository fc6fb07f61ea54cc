using System.Globalization;

namespace CaseBot.Perf;

/// <summary>Latency percentiles of a run, in milliseconds.</summary>
internal sealed record Percentiles(double P50, double P95, double P99, int Count)
{
    public static Percentiles Of(List<double> samples)
    {
        if (samples.Count == 0)
        {
            return new Percentiles(0, 0, 0, 0);
        }

        var sorted = samples.Order().ToArray();
        return new Percentiles(At(sorted, 0.50), At(sorted, 0.95), At(sorted, 0.99), sorted.Length);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{P50:0.00} / {P95:0.00} / {P99:0.00}");

    private static double At(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
}
