namespace CaseBot.Core.Answering;

/// <summary>
/// CaseBot's reply to one question. <see cref="Text"/> carries a marker <c>[n]</c> after every quoted sentence;
/// <see cref="Citations"/> resolves each marker to its article and exact quote.
/// </summary>
public sealed record Answer(string Text, AnswerStatus Status, IReadOnlyList<Citation> Citations)
{
    /// <summary>True exactly when the articles answer the question.</summary>
    public bool Answered => Status == AnswerStatus.Answered;

    /// <summary>Which strategy wrote the answer (<c>extractive</c> offline).</summary>
    public string Composer { get; init; } = "extractive";

    /// <summary>The kind of answer the question asked for (amount, date, person, …).</summary>
    public AnswerType AnswerType { get; init; } = AnswerType.General;

    /// <summary>The question as searched: misspellings fixed, and earlier turns added when it is a follow-up.</summary>
    public string? SearchedFor { get; init; }

    /// <summary>Misspellings corrected in the question, as <c>wrong→right</c>.</summary>
    public IReadOnlyList<string> Corrections { get; init; } = [];

    /// <summary>What verification removed from a model-written answer before it was shown (empty otherwise).</summary>
    public IReadOnlyList<string> Removed { get; init; } = [];

    /// <summary>The value that answers, inside the first cited quote, when the question asked for one.</summary>
    public AnswerSpan? AnswerSpan { get; init; }

    /// <summary>Something the user should know about how the question was handled (cut, instructions ignored, …).</summary>
    public string? Notice { get; init; }
}
