using System.ComponentModel.DataAnnotations;

namespace CaseBot.Core.Retrieval;

/// <summary>Retrieval tuning (section <c>Retrieval</c>).</summary>
public sealed class RetrievalOptions
{
    public const string SectionName = "Retrieval";

    /// <summary>
    /// Sentence embeddings (arctic-embed-xs) next to BM25: the index stores a vector per sentence and the sentences
    /// closest in meaning join the candidates. Off: lexical only (a very large corpus, or a machine short of memory).
    /// </summary>
    public bool Semantic { get; set; } = true;

    /// <summary>How many sentences closest in meaning to the question join the candidates.</summary>
    [Range(0, 100)]
    public int SemanticTopK { get; set; } = 12;

    /// <summary>How many passages a question retrieves.</summary>
    [Range(1, 100)]
    public int TopK { get; set; } = 8;

    /// <summary>Weight of glossary aliases relative to the words of the question.</summary>
    [Range(0.0, 2.0)]
    public float GlossaryBoost { get; set; } = 0.6f;

    /// <summary>Weight of words carried over from earlier turns when a question is a follow-up.</summary>
    [Range(0.0, 2.0)]
    public float ContextBoost { get; set; } = 0.35f;

    /// <summary>Weight of a question word found in the lead of the passage's article (what the whole article is about).</summary>
    [Range(0.0, 5.0)]
    public float ArticleLeadBoost { get; set; } = 0.5f;

    /// <summary>Weight of adjacent question words found near each other in a passage.</summary>
    [Range(0.0, 5.0)]
    public float ProximityBoost { get; set; } = 0.7f;

    /// <summary>How far apart (in words) adjacent question words may be for the proximity boost.</summary>
    [Range(0, 20)]
    public int ProximitySlop { get; set; } = 3;

    /// <summary>
    /// On a corpus of more passages than this, the question's own words pick this many passages and the whole query
    /// (aliases, proximity) scores only those, instead of every passage. A corpus of no more ranks exactly as before.
    /// </summary>
    [Range(1, 1_000_000)]
    public int RescoreDepth { get; set; } = 200;
}
