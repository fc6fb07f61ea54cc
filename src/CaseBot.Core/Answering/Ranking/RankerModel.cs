using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CaseBot.Core.Answering.Ranking;

/// <summary>
/// The fitted answer model, in two parts. The ranker scores each candidate sentence (linear in standardised
/// <see cref="SentenceFeatures"/>, fitted listwise); the gate gives the probability that the best sentence answers
/// (logistic over <see cref="AnswerGate"/> features, fitted on held-out rankings), and the threshold on it is chosen on
/// held-out questions for a target false-abstain rate. Written by the <c>tune</c> command into <c>ranker.json</c>; the
/// build embeds that file, and <c>Answering:RankerPath</c> can point at another.
/// </summary>
internal sealed record RankerModel(
    [property: JsonPropertyName("features")] IReadOnlyList<string> Features,
    [property: JsonPropertyName("means")] IReadOnlyList<double> Means,
    [property: JsonPropertyName("scales")] IReadOnlyList<double> Scales,
    [property: JsonPropertyName("weights")] IReadOnlyList<double> Weights,
    [property: JsonPropertyName("gate")] GateModel Gate,
    [property: JsonPropertyName("threshold")] double Threshold,
    [property: JsonPropertyName("secondMargin")] double SecondMargin)
{
    public const string ResourceName = "CaseBot.Ranking.ranker.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>
    /// Off-topic: a question (not a follow-up) whose <see cref="Retrieval.RetrievalResult.Topicality"/> is below this is
    /// declined. Chosen by <c>tune</c> so that almost no answerable tuning question is declined.
    /// </summary>
    [JsonPropertyName("offTopicTopicality")]
    public double OffTopicTopicality { get; init; } = 1.0;

    /// <summary>What the gate's <c>questionForm</c> feature reads (null: the feature counts as average).</summary>
    [JsonPropertyName("questionForm")]
    public QuestionForm? QuestionForm { get; init; }

    /// <summary>Boosted trees added to the linear score, when cross-validation found they help (empty otherwise).</summary>
    [JsonPropertyName("trees")]
    public IReadOnlyList<RegressionTree> Trees { get; init; } = [];

    /// <summary>How it was fitted and what cross-validation measured (for people; not read by the composer).</summary>
    [JsonPropertyName("fit")]
    public IReadOnlyDictionary<string, string>? Fit { get; init; }

    /// <summary>
    /// The ranker's score of one candidate (higher is better; only differences within a question matter). A feature that
    /// is NaN (not measured: semantic retrieval off) counts as its mean.
    /// </summary>
    public double Score(double[] features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var z = Standardisation.WeightedSum(Weights, Means, Scales, features);
        foreach (var tree in Trees)
        {
            z += tree.Evaluate(features);
        }

        return z;
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static RankerModel Load(string? path)
    {
        string json;
        if (string.IsNullOrWhiteSpace(path))
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException($"The embedded ranker weights '{ResourceName}' are missing from the build.");
            using var reader = new StreamReader(stream);
            json = reader.ReadToEnd();
        }
        else
        {
            json = File.ReadAllText(path);
        }

        var source = string.IsNullOrWhiteSpace(path) ? ResourceName : path;
        var model = JsonSerializer.Deserialize<RankerModel>(json) ?? throw new FormatException($"The ranker weights in '{source}' are empty.");
        if (!model.Features.SequenceEqual(SentenceFeatures.Names) || model.Weights.Count != model.Features.Count
            || model.Means.Count != model.Features.Count || model.Scales.Count != model.Features.Count
            || model.Gate is null || !model.Gate.Features.SequenceEqual(AnswerGate.Names) || model.Gate.Weights.Count != AnswerGate.Count)
        {
            throw new FormatException($"The ranker weights in '{source}' were fitted for other features; run `tune` to refit them (see README).");
        }

        return model;
    }
}

/// <summary>The gate's logistic regression over standardised <see cref="AnswerGate"/> features.</summary>
internal sealed record GateModel(
    [property: JsonPropertyName("features")] IReadOnlyList<string> Features,
    [property: JsonPropertyName("means")] IReadOnlyList<double> Means,
    [property: JsonPropertyName("scales")] IReadOnlyList<double> Scales,
    [property: JsonPropertyName("weights")] IReadOnlyList<double> Weights,
    [property: JsonPropertyName("bias")] double Bias)
{
    /// <summary>The probability that the best candidate answers the question. A feature that is NaN (not known) counts as its mean.</summary>
    public double Probability(double[] features)
    {
        ArgumentNullException.ThrowIfNull(features);
        return 1 / (1 + Math.Exp(-(Bias + Standardisation.WeightedSum(Weights, Means, Scales, features))));
    }
}
