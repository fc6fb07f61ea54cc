using System.ComponentModel.DataAnnotations;

namespace CaseBot.Core.Answering;

/// <summary>How answers are composed (section <c>Answering</c>).</summary>
public sealed class AnsweringOptions
{
    public const string SectionName = "Answering";

    /// <summary><c>Extractive</c> (offline, the default): every sentence of an answer is a verbatim quote.</summary>
    [AllowedValues("Extractive")]
    public string Mode { get; set; } = "Extractive";

    /// <summary>At most this many quoted sentences in one answer.</summary>
    [Range(1, 5)]
    public int MaxSentences { get; set; } = 2;

    /// <summary>Longer questions are cut to this many characters, with a notice.</summary>
    [Range(50, 100_000)]
    public int MaxQuestionLength { get; set; } = 1000;

    /// <summary>Share of the question's weighted words a sentence must contain to count as an answer.</summary>
    [Range(0.0, 1.0)]
    public double MinCoverage { get; set; } = 0.5;

    /// <summary>Lower share accepted when the sentence also holds the kind of answer asked for (an amount for "how much").</summary>
    [Range(0.0, 1.0)]
    public double MinTypedCoverage { get; set; } = 0.34;

    /// <summary>Share required for yes/no questions, whose every part must be covered.</summary>
    [Range(0.0, 1.0)]
    public double MinYesNoCoverage { get; set; } = 0.7;
}
