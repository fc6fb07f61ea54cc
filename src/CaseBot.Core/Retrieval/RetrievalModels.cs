using CaseBot.Core.Articles;
using CaseBot.Core.Retrieval.Semantic;

namespace CaseBot.Core.Retrieval;

/// <summary>
/// A question to search for, with words from earlier turns when it is a follow-up. <paramref name="TopK"/> and
/// <paramref name="SemanticTopK"/> override how many passages and closest sentences are returned (the configured
/// <c>Retrieval:TopK</c> and <c>Retrieval:SemanticTopK</c> otherwise). <paramref name="Asides"/> asks for that many
/// asides (captions, embedded posts) as well, in <see cref="RetrievalResult.Asides"/>.
/// </summary>
public sealed record RetrievalRequest(string Question, IReadOnlyList<string>? Context = null, int? TopK = null, int? SemanticTopK = null, int Asides = 0);

/// <summary>What retrieval found: passages best first, and how it understood the question.</summary>
public sealed record RetrievalResult(
    string CorrectedQuestion,
    IReadOnlyList<QueryTerm> Terms,
    IReadOnlyList<string> ContextTerms,
    IReadOnlyList<ScoredPassage> Passages,
    IReadOnlyList<string> Corrections)
{
    /// <summary>
    /// Asides (photo captions, embedded posts) that share a word with the question other than a name the glossary or a
    /// capital letter marks, best first: only when the request asks for them.
    /// </summary>
    public IReadOnlyList<ScoredPassage> Asides { get; init; } = [];

    /// <summary>Sentence similarities to the question; null when semantic retrieval is off.</summary>
    public SemanticResult? Semantic { get; init; }

    /// <summary>
    /// How much the question is about what the articles are about: the largest natural-log ratio, over the question's
    /// words the articles have, of the word's frequency in the articles to its frequency in everyday English. A party's
    /// name or "defamation" scores high; "won" or "year" near zero; <see cref="NoTopicality"/> when the articles have
    /// none of the question's words.
    /// </summary>
    public double Topicality { get; init; } = NoTopicality;

    /// <summary>
    /// The question with the case's own words (names, mostly) replaced by "X": how it asks, not what about ("How much
    /// did X award X?"). Its vector is <see cref="SemanticResult.FormVector"/>.
    /// </summary>
    public string FormQuestion { get; init; } = string.Empty;

    public const double NoTopicality = -10;
}

/// <summary>
/// One word of the question after analysis: its stem, its weight (inverse document frequency in the index), how many
/// passages contain it, other ways the glossary says it may be written, and the misspelling it was corrected from.
/// </summary>
public sealed record QueryTerm(
    string Stem,
    double Weight,
    int DocumentFrequency,
    IReadOnlyList<IReadOnlyList<string>> Alternatives,
    string? CorrectedFrom = null)
{
    /// <summary>Whether the question wrote the word as a name (capitalised, not first).</summary>
    public bool IsName { get; init; }

    /// <summary>
    /// Whether the word was corrected from one everyday English has ("trail" → "trial", "flies" → "file"): a typo, or
    /// the word meant as written. Retrieval searches for the correction all the same; topicality does not count it.
    /// </summary>
    public bool CorrectedFromEverydayWord { get; init; }
}

public sealed record ScoredPassage(Passage Passage, double Score);
