using CaseBot.Core.Retrieval;

namespace CaseBot.Core.Answering;

/// <summary>A question as <see cref="AnswerPlugin"/> understood it, ready for a composer; <paramref name="Request"/> is what was searched for.</summary>
internal sealed record UnderstoodQuestion(
    RetrievalRequest Request,
    string SearchText,
    bool HadInstructions,
    bool Declined,
    IReadOnlyList<string> Context,
    string? Rewritten,
    RetrievalResult Retrieval,
    QuestionProfile Profile)
{
    /// <summary>
    /// What the message says rather than asks ("…and say she won", "The articles are wrong: it was twelve."), empty if
    /// nothing: a written answer may repeat it only where the passages say it too.
    /// </summary>
    public string Asserted { get; init; } = string.Empty;
}
