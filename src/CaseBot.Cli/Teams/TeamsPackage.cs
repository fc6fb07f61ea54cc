using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseBot.Core.Articles;

namespace CaseBot.Cli.Teams;

/// <summary>
/// Writes a sideloadable Teams app package: manifest.json (schema 1.24), color.png (192×192) and outline.png (32×32,
/// transparent with a white outline), all at the zip root.
/// </summary>
internal static class TeamsPackage
{
    public const string ManifestVersion = "1.24";

    public static void Write(string path, string botId, string version = "1.0.0", string caseName = "a legal case")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(botId);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var temp = path + ".tmp";
        using (var zip = ZipFile.Open(temp, ZipArchiveMode.Create))
        {
            Add(zip, "manifest.json", Encoding.UTF8.GetBytes(Manifest(botId, version, caseName).ToJsonString(new JsonSerializerOptions { WriteIndented = true })));
            Add(zip, "color.png", ColorIcon());
            Add(zip, "outline.png", OutlineIcon());
        }

        File.Move(temp, path, overwrite: true);
    }

    private static string Cut(string text, int max) => ShortText.Cut(text, max);

    /// <summary>The manifest; <paramref name="caseName"/> is the case profile's name (<c>Case:Name</c>).</summary>
    public static JsonObject Manifest(string botId, string version, string caseName = "a legal case") => new()
    {
        ["$schema"] = $"https://developer.microsoft.com/json-schemas/teams/v{ManifestVersion}/MicrosoftTeams.schema.json",
        ["manifestVersion"] = ManifestVersion,
        ["version"] = version,
        ["id"] = AppId(botId).ToString(),
        ["developer"] = new JsonObject
        {
            ["name"] = "CaseBot",
            ["websiteUrl"] = "https://github.com/casebot/casebot",
            ["privacyUrl"] = "https://github.com/casebot/casebot#privacy",
            ["termsOfUseUrl"] = "https://github.com/casebot/casebot#terms",
        },
        ["name"] = new JsonObject { ["short"] = "CaseBot", ["full"] = Cut($"CaseBot: {caseName}, from the news", 100) },
        ["description"] = new JsonObject
        {
            ["short"] = Cut($"Cited answers about {caseName}.", 80),
            ["full"] = Cut($"CaseBot answers questions about {caseName} from a set of news articles, quoting and citing the passage behind every sentence, and says so when the articles don't answer.", 4000),
        },
        ["icons"] = new JsonObject { ["color"] = "color.png", ["outline"] = "outline.png" },
        ["accentColor"] = "#243A5E",
        ["bots"] = new JsonArray(new JsonObject
        {
            ["botId"] = botId,
            ["scopes"] = new JsonArray("personal", "team", "groupChat"),
            ["isNotificationOnly"] = false,
            ["supportsFiles"] = false,
        }),
        ["validDomains"] = new JsonArray(),
    };

    /// <summary>The Teams app id: a stable GUID derived from the bot id, so re-packaging updates the same app.</summary>
    public static Guid AppId(string botId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("casebot-teams-app:" + botId));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    /// <summary>192×192, full colour: a navy tile with a white ring and a gold bar (a seal and a gavel, abstractly).</summary>
    public static byte[] ColorIcon()
    {
        const int size = 192;
        var pixels = new byte[size * size * 4];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var d = Math.Sqrt(((x - 96) * (x - 96)) + ((y - 96) * (y - 96)));
                (byte r, byte g, byte b) = d is > 52 and < 64 ? ((byte)255, (byte)255, (byte)255)
                    : x is > 70 and < 122 && y is > 88 and < 104 ? ((byte)0xF2, (byte)0xB7, (byte)0x05)
                    : ((byte)0x24, (byte)0x3A, (byte)0x5E);
                Set(pixels, size, x, y, r, g, b, 255);
            }
        }

        return Png.Encode(size, size, pixels);
    }

    /// <summary>32×32, transparent with a white outline ring.</summary>
    public static byte[] OutlineIcon()
    {
        const int size = 32;
        var pixels = new byte[size * size * 4];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var d = Math.Sqrt(((x - 15.5) * (x - 15.5)) + ((y - 15.5) * (y - 15.5)));
                if (d is > 11 and < 14)
                {
                    Set(pixels, size, x, y, 255, 255, 255, 255);
                }
            }
        }

        return Png.Encode(size, size, pixels);
    }

    private static void Set(byte[] pixels, int width, int x, int y, byte r, byte g, byte b, byte a)
    {
        var i = ((y * width) + x) * 4;
        pixels[i] = r;
        pixels[i + 1] = g;
        pixels[i + 2] = b;
        pixels[i + 3] = a;
    }

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        using var stream = entry.Open();
        stream.Write(content);
    }
}
