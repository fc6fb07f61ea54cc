namespace CaseBot.Core.Retrieval;

/// <summary>Finds the passages that bear on a question. The seam between answering and the search engine.</summary>
public interface IPassageRetriever
{
    /// <summary>The top passages for a question, with scores, and the analysed question.</summary>
    RetrievalResult Retrieve(RetrievalRequest request, CancellationToken cancellationToken = default);

    /// <summary>The stems of a text, analysed the way questions and passages are, so answers can be matched to questions.</summary>
    IReadOnlyList<string> Terms(string text);

    /// <summary>In how many passages a stem occurs, and out of how many: how rare, and so how specific, a word is.</summary>
    (int Passages, int Total) DocumentFrequency(string stem);

    /// <summary>All passages of one article file, in order (empty when the index does not hold it).</summary>
    IReadOnlyList<CaseBot.Core.Articles.Passage> ArticlePassages(string source);

    /// <summary>The stored meaning vector of a passage sentence (unit length), or null without semantic vectors.</summary>
    float[]? SentenceVector(string passageId, int start) => null;
}
