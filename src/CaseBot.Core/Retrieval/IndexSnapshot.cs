using System.Collections.Concurrent;
using CaseBot.Core.Articles;
using CaseBot.Core.Retrieval.Semantic;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;

namespace CaseBot.Core.Retrieval;

/// <summary>
/// An open, immutable view of one built index: reader, searcher and the term vocabulary with document frequencies.
/// Its reader is reference-counted: <see cref="PassageIndex"/> holds one reference while it is current and each
/// search holds one through a <see cref="SnapshotLease"/>; the last release closes it.
/// </summary>
internal sealed class IndexSnapshot
{
    private IndexSnapshot(string path, DirectoryReader reader, SentenceVectors? vectors, string? contentHash)
    {
        Vectors = vectors;
        ContentHash = contentHash;
        Path = path;
        Reader = reader;
        Searcher = new IndexSearcher(reader) { Similarity = Similarity };
        TextTerms = MultiFields.GetTerms(reader, PassageFields.Text);
        DocumentCount = TextTerms is { DocCount: > 0 } text ? text.DocCount : reader.NumDocs; // passages, not asides
        WordCount = TextTerms?.SumTotalTermFreq ?? 0;
    }

    private static readonly CaseBm25Similarity Similarity = new();

    public string Path { get; }

    public DirectoryReader Reader { get; }

    public IndexSearcher Searcher { get; }

    /// <summary>The text field's term dictionary (null for an empty index).</summary>
    public Terms? TextTerms { get; }

    /// <summary>How many words (stop words aside) the passages hold in all.</summary>
    public long WordCount { get; }

    /// <summary>The natural log of the stem's share of the indexed words; negative infinity when no passage has it.</summary>
    public double LogFrequency(string stem)
    {
        var count = Statistics(stem).WordCount;
        return count > 0 && WordCount > 0 ? Math.Log((double)count / WordCount) : double.NegativeInfinity;
    }

    /// <summary>How many passages contain the stem, from the index's term dictionary.</summary>
    public int DocumentFrequency(string stem) => Statistics(stem).DocumentFrequency;

    /// <summary>
    /// The indexed stems within <paramref name="maxEdits"/> edits (a transposition is one) of <paramref name="stem"/>,
    /// with how many passages contain each: Lucene's own fuzzy matching over the term dictionary (a Levenshtein
    /// automaton intersected with it), not a scan of every term.
    /// </summary>
    public IReadOnlyList<(string Stem, int DocumentFrequency)> SimilarStems(string stem, int maxEdits)
    {
        if (TextTerms is null)
        {
            return [];
        }

        return _similar.GetOrAddBounded((stem, maxEdits), key =>
        {
            var found = new List<(string, int)>();
            var fuzzy = new FuzzyTermsEnum(TextTerms, new Lucene.Net.Util.AttributeSource(), new Term(PassageFields.Text, key.Item1), key.Item2, 0, true);
            while (fuzzy.MoveNext())
            {
                found.Add((fuzzy.Term.Utf8ToString(), fuzzy.DocFreq));
            }

            return found;
        }, TermCacheCapacity);
    }

    /// <summary>
    /// Most term lookups remembered per snapshot. Each lookup in the term dictionary builds a terms enumerator (a few
    /// kilobytes), and every question asks for the same stems' statistics several times (weights, topicality,
    /// spelling); the snapshot never changes, so the answers do not either. Cleared when full, so a stream of unknown
    /// words cannot grow it without bound.
    /// </summary>
    public const int TermCacheCapacity = 100_000;

    private readonly ConcurrentDictionary<string, (int DocumentFrequency, long WordCount)> _statistics = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<(string Stem, int MaxEdits), IReadOnlyList<(string Stem, int DocumentFrequency)>> _similar = new();

    /// <summary>
    /// A term query whose term states (where the term is in each segment) were looked up once for this snapshot: Lucene
    /// would otherwise seek every query term in the term dictionary again for each search.
    /// </summary>
    public TermQuery TermQuery(string field, string stem, float boost) =>
        new(new Term(field, stem), _termStates.GetOrAddBounded((field, stem), key => TermContext.Build(Reader.Context, new Term(key.Item1, key.Item2)), TermCacheCapacity)) { Boost = boost };

    private readonly ConcurrentDictionary<(string Field, string Stem), TermContext> _termStates = new();

    private (int DocumentFrequency, long WordCount) Statistics(string stem) => _statistics.GetOrAddBounded(stem, s =>
    {
        var term = new Term(PassageFields.Text, s);
        return (Reader.DocFreq(term), Reader.TotalTermFreq(term));
    }, TermCacheCapacity);

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

    /// <summary>The passages of one article in reading order, found once per snapshot (articles are few next to passages).</summary>
    public IReadOnlyList<Passage> ArticlePassages(string source) => _articles.GetOrAddBounded(source, s =>
    {
        var all = new List<Passage>();
        var docs = MultiFields.GetTermDocsEnum(Reader, MultiFields.GetLiveDocs(Reader), PassageFields.Source, new Lucene.Net.Util.BytesRef(s));
        while (docs is not null && docs.NextDoc() != DocIdSetIterator.NO_MORE_DOCS)
        {
            all.Add(Passage(docs.DocID));
        }

        all.Sort((a, b) => a.Start.CompareTo(b.Start));
        return all;
    }, TermCacheCapacity);

    private readonly ConcurrentDictionary<string, IReadOnlyList<Passage>> _articles = new(StringComparer.Ordinal);

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

    public static IndexSnapshot Open(string path, Lucene.Net.Store.Directory directory, bool semantic = false)
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
            // What the index was built from is its commit's user data (see IndexManifest).
            return new IndexSnapshot(path, reader, vectors, IndexManifest.FromUserData(reader.IndexCommit.UserData)?.ContentHash);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>BM25's inverse document frequency of a stem (high for rare words, highest for unseen ones), as the searcher's similarity computes it.</summary>
    public double Idf(int documentFrequency) => Similarity.InverseDocumentFrequency(documentFrequency, DocumentCount);

    /// <summary>
    /// Lucene's BM25, with its idf made readable for weighing the question's words the way the search does, and whose
    /// document count and average length are over the documents that have the field, not every document
    /// in the index: asides (<see cref="PassageFields.Aside"/>) have no passage text and leave the passages' scores as
    /// they would be without them.
    /// </summary>
    private sealed class CaseBm25Similarity : BM25Similarity
    {
        public double InverseDocumentFrequency(long documentFrequency, long documentCount) => Idf(documentFrequency, documentCount);

        public override Explanation IdfExplain(CollectionStatistics collectionStats, TermStatistics termStats)
        {
            var documents = DocumentsWithField(collectionStats);
            return new Explanation(Idf(termStats.DocFreq, documents), $"idf(docFreq={termStats.DocFreq}, docCount={documents})");
        }

        public override Explanation IdfExplain(CollectionStatistics collectionStats, TermStatistics[] termStats)
        {
            var explanation = new Explanation { Description = "idf(), sum of:" };
            foreach (var term in termStats)
            {
                var idf = IdfExplain(collectionStats, term);
                explanation.AddDetail(idf);
                explanation.Value += idf.Value;
            }

            return explanation;
        }

        protected override float AvgFieldLength(CollectionStatistics collectionStats)
        {
            var total = collectionStats.SumTotalTermFreq;
            return total <= 0 ? 1f : (float)(total / (double)DocumentsWithField(collectionStats));
        }

        private static long DocumentsWithField(CollectionStatistics stats) => stats.DocCount > 0 ? stats.DocCount : stats.MaxDoc;
    }

}
