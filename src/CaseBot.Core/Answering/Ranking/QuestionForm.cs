using System.Text.Json.Serialization;

namespace CaseBot.Core.Answering.Ranking;

/// <summary>
/// How likely a question worded like this one is to be answered by news articles at all, from how it asks alone: a
/// logistic regression over the sentence vector of the question with the case's own words masked ("How many hours did
/// the X deliberate?"), read relative to the corpus, fitted by <c>tune</c> on answerable against unanswerable tuning
/// questions (off-topic ones are topicality's to decline). Questions after a detail reports seldom give (the
/// names of people an article leaves unnamed, the hours a jury deliberated, the time of day) sit apart in meaning from
/// the questions articles answer, whatever the case; the evidence-based gate features cannot see that, because such a
/// question finds sentences about its subject as readily as an answerable one. It is one feature of the gate, weighed
/// with the evidence there, never a decision by itself.
/// </summary>
internal sealed record QuestionForm(
    [property: JsonPropertyName("means")] IReadOnlyList<double> Means,
    [property: JsonPropertyName("scales")] IReadOnlyList<double> Scales,
    [property: JsonPropertyName("weights")] IReadOnlyList<double> Weights,
    [property: JsonPropertyName("bias")] double Bias,
    [property: JsonPropertyName("l2")] double L2)
{
    /// <summary>Log-odds that the question is answerable (NaN when semantic retrieval is off).</summary>
    public double LogOdds(Retrieval.Semantic.SemanticResult? semantic) =>
        semantic is null ? double.NaN : LogOdds(Input(semantic.FormVector, semantic.CorpusCentroid));

    /// <summary>Log-odds for an <see cref="Input"/>; NaN when it is not of the fitted size.</summary>
    public double LogOdds(double[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Length != Weights.Count ? double.NaN : Bias + Standardisation.WeightedSum(Weights, Means, Scales, input);
    }

    /// <summary>
    /// What the model reads: the vector of the question with the case's own words masked
    /// (<see cref="Retrieval.Semantic.SemanticResult.FormVector"/>) minus the corpus's centroid. Questions about one case
    /// share that case's subject; without the subtraction the fit learns it (this case's questions look answerable,
    /// another case's look unlike them) and the threshold chosen on this corpus would decline answerable questions about
    /// another.
    /// </summary>
    public static double[] Input(float[] formVector, float[] corpusCentroid)
    {
        ArgumentNullException.ThrowIfNull(formVector);
        ArgumentNullException.ThrowIfNull(corpusCentroid);
        var x = new double[formVector.Length];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = formVector[i] - corpusCentroid[i];
        }

        return x;
    }

    /// <summary>Fits the model on questions' <see cref="Input"/> labelled answerable (true) or not.</summary>
    public static QuestionForm Fit(IReadOnlyList<double[]> inputs, IReadOnlyList<bool> answerable, double l2)
    {
        var (means, scales, weights, bias) = LogisticRegression.Fit(inputs, answerable, l2, iterations: 12, standardise: false);
        return new QuestionForm(means, scales, weights, bias, l2);
    }
}
