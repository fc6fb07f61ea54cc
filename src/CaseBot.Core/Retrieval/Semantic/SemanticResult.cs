using CaseBot.Core.Articles;

namespace CaseBot.Core.Retrieval.Semantic;

/// <summary>
/// How close, in meaning, the question is to every sentence of the corpus: the closest sentences, and the cosine and
/// rank of any sentence the answer composer asks about.
/// </summary>
public sealed class SemanticResult
{
    private readonly SentenceVectors _vectors;
    private readonly float[] _scores;

    internal SemanticResult(SentenceVectors vectors, float[] scores, IReadOnlyList<SemanticHit> top, float[] formVector)
    {
        _vectors = vectors;
        FormVector = formVector;
        _scores = scores;
        Top = top;
        Best = top.Count > 0 ? top[0].Similarity : 0f;
        Mean = scores.Length > 0 ? scores.Average() : 0f;
    }

    /// <summary>The sentences closest to the question, closest first.</summary>
    public IReadOnlyList<SemanticHit> Top { get; }

    /// <summary>The vector of <see cref="RetrievalResult.FormQuestion"/> (the question alone, the case's own words masked).</summary>
    public float[] FormVector { get; }

    /// <summary>The mean of the corpus's sentence vectors (see <see cref="SentenceVectors.Centroid"/>).</summary>
    public float[] CorpusCentroid => _vectors.Centroid;

    /// <summary>The highest cosine over the corpus.</summary>
    public float Best { get; }

    /// <summary>The mean cosine over the corpus (what an unrelated sentence scores with this question).</summary>
    public float Mean { get; }

    /// <summary>The cosine of one sentence with the question, or null when the sentence has no vector.</summary>
    public float? Similarity(string passageId, int sentenceStart) =>
        _vectors.Row(passageId, sentenceStart) is { } row ? _scores[row] : null;

    /// <summary>1 for the closest sentence of the corpus, 2 for the next… (ties share the better rank).</summary>
    public int Rank(float similarity)
    {
        var rank = 1;
        foreach (var score in _scores)
        {
            rank += score > similarity ? 1 : 0;
        }

        return rank;
    }
}

/// <summary>A sentence close in meaning to the question.</summary>
public sealed record SemanticHit(Passage Passage, TextSpan Sentence, float Similarity);
