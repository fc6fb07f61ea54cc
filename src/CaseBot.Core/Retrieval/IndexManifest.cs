using System.Globalization;
using Lucene.Net.Index;
using Lucene.Net.Store;

namespace CaseBot.Core.Retrieval;

/// <summary>
/// What a built index was built from, stored as the user data of its Lucene commit: written in the same atomic step as
/// the index itself, so a stale or half-built index is never used and there is no separate file to keep in step.
/// </summary>
internal sealed record IndexManifest(int Schema, string ContentHash, int Articles, int Passages, DateTimeOffset BuiltAt, string? VectorModel = null, int Sentences = 0)
{
    private const string Prefix = "casebot.";

    public Dictionary<string, string> ToUserData()
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Prefix + "schema"] = Schema.ToString(CultureInfo.InvariantCulture),
            [Prefix + "contentHash"] = ContentHash,
            [Prefix + "articles"] = Articles.ToString(CultureInfo.InvariantCulture),
            [Prefix + "passages"] = Passages.ToString(CultureInfo.InvariantCulture),
            [Prefix + "builtAt"] = BuiltAt.ToString("O", CultureInfo.InvariantCulture),
            [Prefix + "sentences"] = Sentences.ToString(CultureInfo.InvariantCulture),
        };
        if (VectorModel is not null)
        {
            data[Prefix + "vectorModel"] = VectorModel;
        }

        return data;
    }

    /// <summary>The manifest in a commit's user data; null when the commit has none (not built by CaseBot, or by an older version).</summary>
    public static IndexManifest? FromUserData(IDictionary<string, string> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        string? Get(string key) => data.TryGetValue(Prefix + key, out var value) ? value : null;
        if (!int.TryParse(Get("schema"), CultureInfo.InvariantCulture, out var schema) || Get("contentHash") is not { } hash)
        {
            return null;
        }

        _ = int.TryParse(Get("articles"), CultureInfo.InvariantCulture, out var articles);
        _ = int.TryParse(Get("passages"), CultureInfo.InvariantCulture, out var passages);
        _ = int.TryParse(Get("sentences"), CultureInfo.InvariantCulture, out var sentences);
        _ = DateTimeOffset.TryParse(Get("builtAt"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var builtAt);
        return new IndexManifest(schema, hash, articles, passages, builtAt, Get("vectorModel"), sentences);
    }

    /// <summary>
    /// Reads the manifest of the last commit in <paramref name="folder"/> (the segments file only, no segment is opened).
    /// Throws <see cref="IOException"/> when the folder holds no complete commit.
    /// </summary>
    public static IndexManifest? Read(string folder)
    {
        using var directory = FSDirectory.Open(folder);
        var infos = new SegmentInfos();
        infos.Read(directory);
        return FromUserData(infos.UserData);
    }
}
