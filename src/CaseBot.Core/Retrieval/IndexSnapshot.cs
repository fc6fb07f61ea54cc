using System.Collections.Concurrent;
using CaseBot.Core.Articles;
using CaseBot.Core.Retrieval.Semantic;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;

namespace CaseBot.Core.Retrieval;

/// <summary>An open, immutable view of one built index: reader, searcher and the term vocabulary with document frequencies.</summary>
internal sealed class IndexSnapshot : IDisposable
{
    private IndexSnapshot(string path, DirectoryReader reader, Dictionary<string, int> vocabulary, SentenceVectors? vectors, string? contentHash)
    {
        Vectors = vectors;
        ContentHash = contentHash;
        Path = path;
        Reader = reader;
        Searcher = new IndexSearcher(reader) { Similarity = new BM25Similarity() };
        Vocabulary = vocabulary;
        DocumentCount = reader.NumDocs;
    }

    public string Path { get; }

    public DirectoryReader Reader { get; }

    public IndexSearcher Searcher { get; }

    /// <summary>Every stem of the text field and how many passages contain it.</summary>
    public Dictionary<string, int> Vocabulary { get; }

    public int DocumentCount { get; }

    /// <summary>The hash of the article files this index was built from (its manifest's), null if the manifest is unreadable.</summary>
    public string? ContentHash { get; }

    /// <summary>The sentence vectors stored with this index, when it is semantic.</summary>
    public SentenceVectors? Vectors { get; }

    /// <summary>The passage with this id, or null.</summary>
    public Passage? PassageById(string id)
    {
        if (_byId.TryGetValue(id, out var known))
        {
            return known;
        }

        var hits = Searcher.Search(new TermQuery(new Term(PassageFields.Id, id)), 1);
        var passage = hits.ScoreDocs.Length == 0 ? null : Passage(hits.ScoreDocs[0].Doc);
        if (passage is not null && _byId.Count < PassageCacheCapacity)
        {
            _byId.TryAdd(id, passage);
        }

        return passage;
    }

    private readonly ConcurrentDictionary<string, Passage> _byId = new(StringComparer.Ordinal);

    /// <summary>Most passages kept decoded (reading stored fields decompresses a whole block each time).</summary>
    public const int PassageCacheCapacity = 50_000;

    private readonly ConcurrentDictionary<int, Passage> _passages = new();

    /// <summary>The passage stored as document <paramref name="doc"/>, decoded once per snapshot.</summary>
    public Passage Passage(int doc)
    {
        if (_passages.TryGetValue(doc, out var passage))
        {
            return passage;
        }

        passage = PassageIndex.FromDocument(Searcher.Doc(doc));
        if (_passages.Count < PassageCacheCapacity)
        {
            _passages.TryAdd(doc, passage);
        }

        return passage;
    }

    public static IndexSnapshot Open(string path, Lucene.Net.Store.Directory directory, bool semantic = false, string? contentHash = null)
    {
        SentenceVectors? vectors = null;
        if (semantic)
        {
            vectors = SentenceVectors.TryLoad(System.IO.Path.Combine(path, SentenceVectors.FileName))
                ?? throw new IOException($"The sentence vectors of the index at '{path}' are missing or unreadable.");
        }

        var reader = DirectoryReader.Open(directory);
        try
        {
            var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
            var terms = MultiFields.GetTerms(reader, PassageFields.Text);
            if (terms is not null)
            {
                var termsEnum = terms.GetEnumerator();
                while (termsEnum.MoveNext())
                {
                    vocabulary[termsEnum.Term.Utf8ToString()] = termsEnum.DocFreq;
                }
            }

            return new IndexSnapshot(path, reader, vocabulary, vectors, contentHash);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>BM25's inverse document frequency of a stem (high for rare words, highest for unseen ones).</summary>
    public double Idf(int documentFrequency) =>
        Math.Log(1 + ((DocumentCount - documentFrequency + 0.5) / (documentFrequency + 0.5)));

    public void Dispose() => Reader.Dispose();
}
