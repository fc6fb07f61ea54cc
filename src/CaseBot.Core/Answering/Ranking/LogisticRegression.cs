namespace CaseBot.Core.Answering.Ranking;

/// <summary>L2-regularised logistic regression fitted by Newton's method on standardised features.</summary>
internal static class LogisticRegression
{
    /// <param name="rows">One feature vector per example.</param>
    /// <param name="labels">Whether each example is positive.</param>
    /// <param name="l2">Strength of the L2 penalty on the weights (not the bias).</param>
    /// <param name="iterations">At most this many Newton steps.</param>
    /// <param name="standardise">
    /// Whether to scale each feature to unit variance first (the default, for features of unlike units). Dimensions of
    /// one embedding share a unit; scaling them would let the ones that hardly vary weigh as much as the rest.
    /// </param>
    public static (double[] Means, double[] Scales, double[] Weights, double Bias) Fit(IReadOnlyList<double[]> rows, IReadOnlyList<bool> labels, double l2 = 1.0, int iterations = 25, bool standardise = true)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        if (rows.Count == 0)
        {
            throw new ArgumentException("No training rows.", nameof(rows));
        }

        var d = rows[0].Length;
        var n = rows.Count;
        var (means, scales) = Standardisation.Of(rows, d);
        if (!standardise)
        {
            Array.Fill(scales, 1.0);
        }

        // x[i] = [1, standardised features]; w[0] is the bias (not regularised).
        var x = new double[n][];
        for (var i = 0; i < n; i++)
        {
            x[i] = new double[d + 1];
            x[i][0] = 1;
            for (var j = 0; j < d; j++)
            {
                x[i][j + 1] = (rows[i][j] - means[j]) / scales[j];
            }
        }

        var w = new double[d + 1];
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            var gradient = new double[d + 1];
            var hessian = new double[d + 1, d + 1];
            for (var i = 0; i < n; i++)
            {
                var z = 0.0;
                for (var j = 0; j <= d; j++)
                {
                    z += w[j] * x[i][j];
                }

                var p = 1 / (1 + Math.Exp(-z));
                var error = p - (labels[i] ? 1 : 0);
                var curvature = Math.Max(p * (1 - p), 1e-9);
                for (var j = 0; j <= d; j++)
                {
                    gradient[j] += error * x[i][j];
                    for (var k = j; k <= d; k++)
                    {
                        hessian[j, k] += curvature * x[i][j] * x[i][k];
                    }
                }
            }

            for (var j = 1; j <= d; j++)
            {
                gradient[j] += l2 * w[j];
                hessian[j, j] += l2;
            }

            for (var j = 0; j <= d; j++)
            {
                for (var k = 0; k < j; k++)
                {
                    hessian[j, k] = hessian[k, j];
                }
            }

            var step = Solve(hessian, gradient);
            var change = 0.0;
            for (var j = 0; j <= d; j++)
            {
                w[j] -= step[j];
                change = Math.Max(change, Math.Abs(step[j]));
            }

            if (change < 1e-8)
            {
                break;
            }
        }

        return (means, scales, w[1..], w[0]);
    }

    /// <summary>Solves A x = b by Gaussian elimination with partial pivoting (A is small and positive definite).</summary>
    private static double[] Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        var m = (double[,])a.Clone();
        var v = (double[])b.Clone();
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var row = col + 1; row < n; row++)
            {
                if (Math.Abs(m[row, col]) > Math.Abs(m[pivot, col]))
                {
                    pivot = row;
                }
            }

            if (pivot != col)
            {
                for (var k = 0; k < n; k++)
                {
                    (m[col, k], m[pivot, k]) = (m[pivot, k], m[col, k]);
                }

                (v[col], v[pivot]) = (v[pivot], v[col]);
            }

            var diagonal = m[col, col];
            if (Math.Abs(diagonal) < 1e-12)
            {
                continue;
            }

            for (var row = col + 1; row < n; row++)
            {
                var factor = m[row, col] / diagonal;
                for (var k = col; k < n; k++)
                {
                    m[row, k] -= factor * m[col, k];
                }

                v[row] -= factor * v[col];
            }
        }

        var x = new double[n];
        for (var row = n - 1; row >= 0; row--)
        {
            var sum = v[row];
            for (var k = row + 1; k < n; k++)
            {
                sum -= m[row, k] * x[k];
            }

            x[row] = Math.Abs(m[row, row]) < 1e-12 ? 0 : sum / m[row, row];
        }

        return x;
    }
}
