using System.Numerics.Tensors;
using System.Security.Cryptography;
using System.Text;

namespace CaseBot.Core.Retrieval.Semantic;

/// <summary>
/// The embedding of every citable sentence of one built index, stored beside it (<c>vectors.bin</c>) and keyed by a
/// hash of the sentence text, so a rebuild after articles are added re-embeds only the new sentences.
/// </summary>
internal sealed class SentenceVectors
{
    public const string FileName = "vectors.bin";
    private const string Magic = "CaseBotVectors1";

    private readonly Dictionary<(string PassageId, int Start), int> _rows;
    private readonly Lazy<float[]> _centroid;

    public SentenceVectors(string model, IReadOnlyList<SentenceKey> keys, float[] matrix, int dimensions)
    {
        Model = model;
        Keys = keys;
        Matrix = matrix;
        Dimensions = dimensions;
        _rows = new Dictionary<(string, int), int>(keys.Count);
        for (var i = 0; i < keys.Count; i++)
        {
            _rows[(keys[i].PassageId, keys[i].Start)] = i;
        }

        _centroid = new Lazy<float[]>(Mean);
    }

    public string Model { get; }

    public IReadOnlyList<SentenceKey> Keys { get; }

    public int Dimensions { get; }

    public int Count => Keys.Count;

    private float[] Matrix { get; }

    public int? Row(string passageId, int start) => _rows.TryGetValue((passageId, start), out var row) ? row : null;

    /// <summary>Cosine similarity of the query with every sentence (vectors are unit length, so a dot product).</summary>
    public float[] Similarities(float[] query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var scores = new float[Count];
        var all = Matrix.AsSpan();
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = TensorPrimitives.Dot(all.Slice(i * Dimensions, Dimensions), query);
        }

        return scores;
    }

    /// <summary>The mean of every sentence's vector: where the corpus's subject sits in the model's space.</summary>
    public float[] Centroid => _centroid.Value;

    private float[] Mean()
    {
        var mean = new float[Dimensions];
        for (var row = 0; row < Count; row++)
        {
            TensorPrimitives.Add(mean, Vector(row), mean);
        }

        TensorPrimitives.Divide(mean, Math.Max(1, Count), mean);
        return mean;
    }

    public ReadOnlySpan<float> Vector(int row) => Matrix.AsSpan(row * Dimensions, Dimensions);

    public static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));

    public void Save(string path)
    {
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Model);
            writer.Write(Dimensions);
            writer.Write(Count);
            for (var i = 0; i < Count; i++)
            {
                var key = Keys[i];
                writer.Write(key.PassageId);
                writer.Write(key.Start);
                writer.Write(key.End);
                writer.Write(key.Hash);
                foreach (var value in Vector(i))
                {
                    writer.Write(value);
                }
            }

            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The vectors stored at <paramref name="path"/>, or null if there are none or they are unreadable.</summary>
    public static SentenceVectors? TryLoad(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            if (reader.ReadString() != Magic)
            {
                return null;
            }

            var model = reader.ReadString();
            var dimensions = reader.ReadInt32();
            var count = reader.ReadInt32();
            if (dimensions <= 0 || count < 0 || (long)dimensions * count > int.MaxValue)
            {
                return null;
            }

            var keys = new SentenceKey[count];
            var matrix = new float[count * dimensions];
            var bytes = new byte[dimensions * sizeof(float)];
            for (var i = 0; i < count; i++)
            {
                keys[i] = new SentenceKey(reader.ReadString(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadString());
                reader.BaseStream.ReadExactly(bytes);
                Buffer.BlockCopy(bytes, 0, matrix, i * bytes.Length, bytes.Length);
            }

            return new SentenceVectors(model, keys, matrix, dimensions);
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}

/// <summary>Which sentence a vector belongs to: its passage, its article offsets and a hash of its text.</summary>
internal sealed record SentenceKey(string PassageId, int Start, int End, string Hash);
