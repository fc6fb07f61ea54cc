using System.Diagnostics;
using System.Globalization;
using CaseBot.Core.Articles;
using CaseBot.Core.Retrieval.Semantic;
using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseBot.Core.Retrieval;

/// <summary>
/// The on-disk Lucene passage index. Each build goes into a fresh folder under the index path (a reader of the previous
/// one may still be searching, and the sentence vectors sit beside the segments). What it was built from is the user
/// data of its one Lucene commit, made after the vectors are written; a <c>CURRENT</c> file, replaced atomically after
/// that commit, names the folder in use. A crash mid-build therefore leaves the previous index in place, and a stale,
/// missing or unreadable index is rebuilt on first use.
/// </summary>
public sealed partial class PassageIndex : IDisposable
{
    /// <summary>Bump when parsing or analysis changes so that existing indexes are rebuilt.</summary>
    internal const int SchemaVersion = 7;

    /// <summary>How many of an article's first passages make up its lead.</summary>
    private const int LeadPassages = 2;

    private const string PointerFile = "CURRENT";
    private const string BuildPrefix = "build-";
    private const string NoIndexYet = "no index has been built yet";

    private readonly CaseBotOptions _options;
    private readonly ArticleLoader _loader;
    private readonly CaseAnalyzer _analyzer;
    private readonly ILogger<PassageIndex> _logger;
    private readonly SentenceEmbedder? _embedder;
    private readonly System.Threading.Lock _gate = new();
    private volatile IndexSnapshot? _current;
    private bool _disposed;

    /// <summary>An index over the configured articles; <paramref name="embedder"/> (null for lexical only) embeds every citable sentence at build time.</summary>
    internal PassageIndex(IOptions<CaseBotOptions> options, ArticleLoader loader, CaseAnalyzer analyzer, ILogger<PassageIndex> logger, SentenceEmbedder? embedder = null)
    {
        _options = options.Value;
        _loader = loader;
        _analyzer = analyzer;
        _logger = logger;
        _embedder = embedder;
    }

    /// <summary>Whether this index carries sentence vectors for semantic retrieval.</summary>
    public bool Semantic => _embedder is not null;

    public string ArticlesPath => _options.ResolvePath(_options.ArticlesPath);

    public string IndexPath => _options.ResolvePath(_options.IndexPath);

    /// <summary>The report of the build this process did, if it built the index.</summary>
    public IndexBuildReport? LastBuild { get; private set; }

    /// <summary>
    /// The index in use, held open for the caller until the lease is disposed: its reader's reference count (Lucene's
    /// <c>IncRef</c>/<c>DecRef</c>) is raised, so a rebuild that swaps in a new index closes the old reader only when
    /// the last search on it has ended.
    /// </summary>
    internal SnapshotLease Acquire()
    {
        while (true)
        {
            var snapshot = _current ?? Open();
            if (snapshot.Reader.TryIncRef())
            {
                return new SnapshotLease(snapshot);
            }

            // Swapped out and closed between reading _current and the increment: take the new one.
            ObjectDisposedException.ThrowIf(_disposed, this);
        }
    }

    /// <summary>Opens the index, building or rebuilding it first if it is missing, stale or unreadable.</summary>
    public void EnsureReady() => _ = _current ?? Open();

    /// <summary>
    /// The content hash of the articles the index in use was built from (as in its manifest), so that a record of an
    /// answer can say which corpus it came from.
    /// </summary>
    public string? ContentHash => (_current ?? Open()).ContentHash;

    /// <summary>How many citable passages the index holds (zero: the articles folder has no usable article).</summary>
    public int PassageCount
    {
        get
        {
            using var lease = Acquire();
            return lease.Snapshot.DocumentCount;
        }
    }

    /// <summary>Builds the index from the articles now and switches to it.</summary>
    public IndexBuildReport Rebuild(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var report = BuildAndSwap("rebuild requested", cancellationToken);
            Swap(OpenCurrentOrNull() ?? throw new InvalidOperationException($"The index just built at '{IndexPath}' could not be opened."));
            return report;
        }
    }

    private IndexSnapshot Open()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_current is not null)
            {
                return _current;
            }

            // A missing articles folder is the user's to fix: say so before anything about building.
            _ = ArticleLoader.ArticleFiles(ArticlesPath);
            var reason = CheckCurrent(out var snapshot);
            if (snapshot is null)
            {
                if (reason == NoIndexYet)
                {
                    Log.Building(_logger, IndexPath, reason);
                }
                else
                {
                    Log.Rebuilding(_logger, IndexPath, reason);
                }

                BuildAndSwap(reason, CancellationToken.None);
                snapshot = OpenCurrentOrNull() ?? throw new InvalidOperationException($"The index just built at '{IndexPath}' could not be opened.");
            }

            Swap(snapshot);
            return snapshot;
        }
    }

    /// <summary>Opens the current index if it is usable; otherwise says why not.</summary>
    private string CheckCurrent(out IndexSnapshot? snapshot)
    {
        snapshot = null;
        var folder = CurrentFolder();
        if (folder is null)
        {
            return File.Exists(Path.Combine(IndexPath, PointerFile))
                ? $"the index pointer '{PointerFile}' names a missing or invalid folder"
                : NoIndexYet;
        }

        IndexManifest? manifest;
        try
        {
            manifest = IndexManifest.Read(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"the index at '{folder}' is incomplete or corrupt ({ex.Message})";
        }

        if (manifest is null || manifest.Schema != SchemaVersion)
        {
            return "the index was built by another version of CaseBot";
        }

        if (!string.Equals(manifest.ContentHash, ArticleLoader.ComputeContentHash(ArticlesPath), StringComparison.Ordinal))
        {
            return "the articles changed since the index was built";
        }

        if (_embedder is not null && !string.Equals(manifest.VectorModel, SentenceEmbedder.ModelName, StringComparison.Ordinal))
        {
            return "the index has no sentence vectors from the configured model";
        }

        try
        {
            snapshot = IndexSnapshot.Open(folder, FSDirectory.Open(folder), Semantic);
            return "up to date";
        }
        catch (Exception ex) when (ex is IOException or CorruptIndexException or UnauthorizedAccessException or IndexFormatTooOldException or IndexFormatTooNewException)
        {
            return $"the index at '{folder}' is unreadable ({ex.GetType().Name}: {ex.Message})";
        }
    }

    private IndexSnapshot? OpenCurrentOrNull()
    {
        var folder = CurrentFolder();
        return folder is null ? null : IndexSnapshot.Open(folder, FSDirectory.Open(folder), Semantic);
    }

    private string? CurrentFolder()
    {
        var pointer = Path.Combine(IndexPath, PointerFile);
        if (!File.Exists(pointer))
        {
            return null;
        }

        var name = File.ReadAllText(pointer).Trim();
        if (name.Length == 0 || name.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) || name.Contains("..", StringComparison.Ordinal))
        {
            return null;
        }

        var folder = Path.Combine(IndexPath, name);
        return System.IO.Directory.Exists(folder) ? folder : null;
    }

    private IndexBuildReport BuildAndSwap(string reason, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var corpus = _loader.Load(ArticlesPath);
        System.IO.Directory.CreateDirectory(IndexPath);
        var name = $"{BuildPrefix}{DateTime.UtcNow:yyyyMMddTHHmmssfff}-{Guid.NewGuid():N}"[..40];
        var folder = Path.Combine(IndexPath, name);
        var passages = 0;
        var sentenceCount = 0;
        var sentences = new List<(SentenceKey Key, string Text)>();
        using (var directory = FSDirectory.Open(folder))
        {
            var config = new IndexWriterConfig(CaseAnalyzer.Version, _analyzer)
            {
                OpenMode = OpenMode.CREATE,
                Similarity = new BM25Similarity(),
                RAMBufferSizeMB = 64,
            };
            using var writer = new IndexWriter(directory, config);
            foreach (var article in corpus.Articles)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var lead = string.Join("\n", article.Passages.Where(p => p.IsCitable).Take(LeadPassages).Select(p => p.Text).Prepend(article.Title));
                using var leadTokens = AnalyzedOnce(PassageFields.ArticleLead, lead);
                foreach (var passage in article.Passages)
                {
                    if (!passage.IsCitable)
                    {
                        continue;
                    }

                    var document = ToDocument(passage);
                    document.Add(new TextField(PassageFields.ArticleLead, leadTokens));
                    writer.AddDocument(document);
                    passages++;
                    sentenceCount += passage.Sentences.Count;
                    if (_embedder is null)
                    {
                        continue; // lexical only: no sentence vectors, so no sentence keys to hash
                    }

                    foreach (var sentence in passage.Sentences)
                    {
                        var text = passage.SentenceText(sentence);
                        sentences.Add((new SentenceKey(passage.Id, sentence.Start, sentence.End, SentenceVectors.Hash(text)), text));
                    }
                }
            }

            // Asides after all passages: the writer must have finished with each article's cached lead tokens before it
            // analyses anything else with the same analyser.
            foreach (var aside in corpus.Articles.SelectMany(a => a.Passages).Where(p => p.IsAside))
            {
                writer.AddDocument(ToAsideDocument(aside));
            }

            // The vectors are written before the commit: a folder whose commit exists is complete.
            string? vectorModel = null;
            if (_embedder is not null)
            {
                EmbedSentences(sentences, folder, cancellationToken);
                vectorModel = SentenceEmbedder.ModelName;
            }

            var manifest = new IndexManifest(SchemaVersion, corpus.ContentHash, corpus.Articles.Count, passages, DateTimeOffset.UtcNow, vectorModel, sentenceCount);
            writer.SetCommitData(manifest.ToUserData());
            writer.Commit();
        }

        WriteAtomically(Path.Combine(IndexPath, PointerFile), name);
        RemoveOldBuilds(name);

        var report = new IndexBuildReport(folder, corpus.Articles.Count, passages, corpus.Skipped, stopwatch.Elapsed, reason);
        LastBuild = report;
        Log.Built(_logger, passages, corpus.Articles.Count, folder, stopwatch.ElapsedMilliseconds);
        return report;
    }

    /// <summary>
    /// Writes the vector of every sentence into the new build folder, reusing the vectors of the index in use for
    /// sentences whose text is unchanged (same hash, same model), so adding articles embeds only what is new.
    /// </summary>
    private void EmbedSentences(List<(SentenceKey Key, string Text)> sentences, string folder, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var previousFolder = CurrentFolder();
        var previous = previousFolder is null ? null : SentenceVectors.TryLoad(Path.Combine(previousFolder, SentenceVectors.FileName));
        var known = new Dictionary<string, int>(StringComparer.Ordinal);
        if (previous is not null && previous.Model == SentenceEmbedder.ModelName && previous.Dimensions == SentenceEmbedder.Dimensions)
        {
            for (var i = 0; i < previous.Count; i++)
            {
                known.TryAdd(previous.Keys[i].Hash, i);
            }
        }

        var missing = sentences.Where(s => !known.ContainsKey(s.Key.Hash)).Select(s => s.Text).Distinct(StringComparer.Ordinal).ToList();
        var fresh = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (missing.Count > 0)
        {
            Log.Embedding(_logger, missing.Count, sentences.Count - missing.Count);
            var vectors = _embedder!.EmbedSentences(missing, cancellationToken);
            for (var i = 0; i < missing.Count; i++)
            {
                fresh[SentenceVectors.Hash(missing[i])] = vectors[i];
            }
        }

        var dimensions = SentenceEmbedder.Dimensions;
        var matrix = new float[sentences.Count * dimensions];
        for (var i = 0; i < sentences.Count; i++)
        {
            var target = matrix.AsSpan(i * dimensions, dimensions);
            if (fresh.TryGetValue(sentences[i].Key.Hash, out var vector))
            {
                vector.CopyTo(target);
            }
            else
            {
                previous!.Vector(known[sentences[i].Key.Hash]).CopyTo(target);
            }
        }

        new SentenceVectors(SentenceEmbedder.ModelName, sentences.ConvertAll(s => s.Key), matrix, dimensions).Save(Path.Combine(folder, SentenceVectors.FileName));
        Log.Embedded(_logger, sentences.Count, missing.Count, stopwatch.ElapsedMilliseconds);
    }

    /// <summary>
    /// The tokens of <paramref name="text"/>, analysed once and replayed for every document that indexes them (an
    /// article's lead goes into each of its passages): the same tokens as analysing it each time, at a fraction of the
    /// cost. The cache is filled here, before the writer reuses the analyser's components for other fields.
    /// </summary>
    private CachingTokenFilter AnalyzedOnce(string field, string text)
    {
        var stream = _analyzer.GetTokenStream(field, text);
        stream.Reset();
        var cached = new CachingTokenFilter(stream);
        while (cached.IncrementToken())
        {
        }

        cached.End();
        return cached;
    }

    private static Document ToDocument(Passage passage) =>
    [
        new StringField(PassageFields.Id, passage.Id, Field.Store.YES),
        new StringField(PassageFields.Source, passage.Source, Field.Store.YES),
        new StoredField(PassageFields.Title, passage.Title),
        new StoredField(PassageFields.Date, passage.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty),
        new StoredField(PassageFields.Outlet, passage.Outlet ?? string.Empty),
        new StoredField(PassageFields.Start, passage.Start),
        new StoredField(PassageFields.End, passage.End),
        new TextField(PassageFields.Text, passage.Text, Field.Store.YES),
        new StoredField(PassageFields.Sentences, string.Join(';', passage.Sentences.Select(s => $"{s.Start}-{s.End}"))),
    ];

    /// <summary>
    /// An aside's document: the passage's stored fields, its text indexed only as <see cref="PassageFields.Aside"/> (no
    /// article lead, no sentence vectors), so the passages' statistics are those of the passages alone.
    /// </summary>
    private static Document ToAsideDocument(Passage passage)
    {
        var document = ToDocument(passage);
        document.RemoveField(PassageFields.Text);
        document.Add(new StoredField(PassageFields.Text, passage.Text));
        document.Add(new TextField(PassageFields.Aside, passage.Text, Field.Store.NO));
        document.Add(new StoredField(PassageFields.Kind, passage.Kind.ToString()));
        return document;
    }

    internal static Passage FromDocument(Document document)
    {
        var start = document.GetField(PassageFields.Start).GetInt32Value() ?? 0;
        var end = document.GetField(PassageFields.End).GetInt32Value() ?? 0;
        var date = document.Get(PassageFields.Date);
        var sentences = document.Get(PassageFields.Sentences)
            .Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(s =>
            {
                var dash = s.IndexOf('-', StringComparison.Ordinal);
                return new TextSpan(int.Parse(s.AsSpan(0, dash), CultureInfo.InvariantCulture), int.Parse(s.AsSpan(dash + 1), CultureInfo.InvariantCulture));
            })
            .ToArray();
        return new Passage(
            document.Get(PassageFields.Id),
            document.Get(PassageFields.Source),
            document.Get(PassageFields.Title),
            string.IsNullOrEmpty(date) ? null : DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            start,
            end,
            document.Get(PassageFields.Text),
            Enum.TryParse<PassageKind>(document.Get(PassageFields.Kind), out var kind) ? kind : PassageKind.Body,
            sentences)
        {
            Outlet = document.Get(PassageFields.Outlet) is { Length: > 0 } outlet ? outlet : null,
        };
    }

    private static void WriteAtomically(string path, string content)
    {
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    private void RemoveOldBuilds(string keep)
    {
        foreach (var old in System.IO.Directory.EnumerateDirectories(IndexPath, BuildPrefix + "*"))
        {
            if (string.Equals(Path.GetFileName(old), keep, StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                System.IO.Directory.Delete(old, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.CleanupFailed(_logger, old, ex.Message);
            }
        }
    }

    private void Swap(IndexSnapshot snapshot)
    {
        var previous = _current;
        _current = snapshot;

        // The index's own reference goes; searches still holding a lease keep the reader open until they end.
        if (previous is not null && !ReferenceEquals(previous, snapshot))
        {
            previous.Reader.DecRef();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            var current = _current;
            _current = null;
            current?.Reader.DecRef();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Building the passage index at {Path}: {Reason}")]
        public static partial void Building(ILogger logger, string path, string reason);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Rebuilding the passage index at {Path}: {Reason}")]
        public static partial void Rebuilding(ILogger logger, string path, string reason);

        [LoggerMessage(Level = LogLevel.Information, Message = "Indexed {Passages} passages from {Articles} articles into {Path} in {ElapsedMs} ms")]
        public static partial void Built(ILogger logger, int passages, int articles, string path, long elapsedMs);

        [LoggerMessage(Level = LogLevel.Information, Message = "Embedding {Missing} new sentences ({Reused} reused from the previous index)")]
        public static partial void Embedding(ILogger logger, int missing, int reused);

        [LoggerMessage(Level = LogLevel.Information, Message = "Stored vectors for {Sentences} sentences ({Embedded} embedded now) in {ElapsedMs} ms")]
        public static partial void Embedded(ILogger logger, int sentences, int embedded, long elapsedMs);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove the old index folder {Path}: {Error}")]
        public static partial void CleanupFailed(ILogger logger, string path, string error);
    }
}

/// <summary>A search's hold on an index snapshot (see <see cref="PassageIndex.Acquire"/>); disposing it releases the reader.</summary>
internal readonly struct SnapshotLease(IndexSnapshot snapshot) : IDisposable
{
    public IndexSnapshot Snapshot { get; } = snapshot;

    public void Dispose() => Snapshot.Reader.DecRef();
}
