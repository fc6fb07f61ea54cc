using System.IO.Compression;
using System.Text.Json;
using CaseBot.Cli.Teams;

namespace CaseBot.Cli.Tests;

public sealed class TeamsPackageTests : IDisposable
{
    private readonly CliRun _cli = new();
    private readonly string _zip = Path.Combine(Path.GetTempPath(), "casebot-cli-tests", Guid.NewGuid().ToString("N"), "app.zip");

    [Fact]
    public async Task TeamsPackage_WritesManifestAndIconsAtTheZipRoot()
    {
        var (code, stdout, _) = await _cli.RunAsync(string.Empty, "teams-package", "--bot-id", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", "--out", _zip);

        Assert.Equal(0, code);
        Assert.Contains("Wrote", stdout, StringComparison.Ordinal);
        using var zip = ZipFile.OpenRead(_zip);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));

        using var manifest = JsonDocument.Parse(zip.GetEntry("manifest.json")!.Open());
        var root = manifest.RootElement;
        Assert.True(Version.Parse(root.GetProperty("manifestVersion").GetString()!) >= new Version(1, 24));
        Assert.True(Guid.TryParse(root.GetProperty("id").GetString(), out _));
        var bot = root.GetProperty("bots")[0];
        Assert.Equal("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", bot.GetProperty("botId").GetString());
        Assert.Equal(["personal", "team", "groupChat"], bot.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));

        Assert.Equal((192, 192), Png.Size(Read(zip, "color.png")));
        Assert.Equal((32, 32), Png.Size(Read(zip, "outline.png")));
    }

    [Fact]
    public async Task TeamsPackage_NoBotId_IsAClearError()
    {
        Environment.GetEnvironmentVariable("MicrosoftAppId").ShouldBeNullForThisTest();

        var (code, _, stderr) = await _cli.RunAsync(string.Empty, "teams-package", "--out", _zip);

        Assert.Equal(2, code);
        Assert.Contains("MicrosoftAppId", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_zip));
    }

    [Fact]
    public void AppId_IsStableForABotId()
    {
        Assert.Equal(TeamsPackage.AppId("bot-1"), TeamsPackage.AppId("bot-1"));
        Assert.NotEqual(TeamsPackage.AppId("bot-1"), TeamsPackage.AppId("bot-2"));
    }

    public void Dispose()
    {
        _cli.Dispose();
        var dir = Path.GetDirectoryName(_zip)!;
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static byte[] Read(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}

internal static class EnvironmentAssert
{
    public static void ShouldBeNullForThisTest(this string? value) =>
        Assert.SkipWhen(value is not null, "MicrosoftAppId is set in this environment.");
}
