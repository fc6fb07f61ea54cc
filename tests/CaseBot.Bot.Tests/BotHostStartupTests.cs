using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace CaseBot.Bot.Tests;

/// <summary>
/// The host started as a process, as a user runs it: what it prints and its exit code when it starts, when its port is
/// taken, on <c>--help</c> and on a bad setting.
/// </summary>
public sealed partial class BotHostStartupTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Start_OnPortZero_PrintsTheBoundAddressAndServesThePage()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var bot = BotHostProcess.Start("--urls", "http://127.0.0.1:0");

        var banner = await bot.WaitForLineAsync(ListeningLine(), Limit, cancellationToken);

        var site = banner.Groups["site"].Value;
        Assert.NotEqual(0, int.Parse(banner.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains($"open {site}/ for the Web Chat page", banner.Value, StringComparison.Ordinal);
        // The endpoint line follows the banner; wait for it rather than read what has arrived so far (under load it can lag).
        await bot.WaitForLineAsync(new Regex(Regex.Escape($"{site}/api/messages")), Limit, cancellationToken);
        using var http = new HttpClient();
        using var page = await http.GetAsync(new Uri($"{site}/"), cancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>CaseBot", await page.Content.ReadAsStringAsync(cancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_PortInUse_PrintsOneLineNamingThePortAndExits1()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        await using var bot = BotHostProcess.Start("--urls", $"http://127.0.0.1:{port}");

        var code = await bot.WaitForExitAsync(Limit, TestContext.Current.CancellationToken);

        Assert.True(code == 1, $"exit code {code}\n{bot.Output}");
        var line = Assert.Single(bot.StderrLines, IsProblemLine);
        Assert.Contains($"port {port} is already in use", line, StringComparison.Ordinal);
        Assert.Contains($"--urls http://127.0.0.1:{port + 1}", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", bot.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", bot.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(bot.StdoutLines, l => l.Contains("listening", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_PrintsUsageAndExits0WithoutStarting(string flag)
    {
        await using var bot = BotHostProcess.Start(flag, "--urls", "http://127.0.0.1:0");

        var code = await bot.WaitForExitAsync(Limit, TestContext.Current.CancellationToken);

        Assert.True(code == 0, $"exit code {code}\n{bot.Output}");
        var usage = string.Join('\n', bot.StdoutLines);
        foreach (var expected in new[] { "Usage:", "--urls", "--help", "MicrosoftAppId", "MicrosoftAppPassword", "Answering__Mode", "/api/messages" })
        {
            Assert.Contains(expected, usage, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("CaseBot is listening", usage, StringComparison.Ordinal);
        Assert.Empty(bot.StderrLines);
        Assert.False(Directory.Exists(bot.IndexPath), "--help opened the index, so the host was started.");
    }

    [Fact]
    public async Task Start_InvalidSetting_PrintsOneLineNamingTheSettingAndExits1()
    {
        await using var bot = BotHostProcess.Start(new Dictionary<string, string> { ["Answering__MaxSentences"] = "0" }, "--urls", "http://127.0.0.1:0");

        var code = await bot.WaitForExitAsync(Limit, TestContext.Current.CancellationToken);

        Assert.True(code == 1, $"exit code {code}\n{bot.Output}");
        var line = Assert.Single(bot.StderrLines, IsProblemLine);
        Assert.StartsWith("CaseBot cannot start: Answering:MaxSentences must be between 1 and 5.", line, StringComparison.Ordinal);
        Assert.Contains("Answering__MaxSentences", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", bot.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_MissingArticlesFolder_StopsWithOneLineAndExits1()
    {
        var missing = Path.Combine(Path.GetTempPath(), "casebot-host-tests", "no-such-articles-" + Guid.NewGuid().ToString("N"));
        await using var bot = BotHostProcess.Start("--urls", "http://127.0.0.1:0", "--articles", missing);

        var code = await bot.WaitForExitAsync(Limit, TestContext.Current.CancellationToken);

        Assert.True(code == 1, $"exit code {code}\n{bot.Output}");
        var line = Assert.Single(bot.StderrLines, IsProblemLine);
        Assert.StartsWith($"CaseBot stopped: The articles folder '{missing}' does not exist.", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", bot.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://[::]:3978", "http://localhost:3978")]
    [InlineData("http://0.0.0.0:5000", "http://localhost:5000")]
    [InlineData("http://127.0.0.1:41234", "http://127.0.0.1:41234")]
    public void Banner_BoundAddress_NamesAPageABrowserCanOpen(string bound, string site)
    {
        var banner = BotApp.Banner([bound]);

        Assert.Equal($"CaseBot is listening on {bound}; open {site}/ for the Web Chat page.", banner[0]);
        Assert.Equal($"Bot Framework endpoint: {site}/api/messages. Press Ctrl+C to stop.", banner[1]);
    }

    [Theory]
    [InlineData("http://127.0.0.1:abc")]
    [InlineData("localhost:3978")]
    [InlineData("ftp://localhost:3978")]
    public void Addresses_NotAUrl_IsOneLineNamingIt(string address)
    {
        var line = StartupErrors.Addresses([address]);

        Assert.NotNull(line);
        Assert.StartsWith($"CaseBot cannot listen on {address}:", line, StringComparison.Ordinal);
        Assert.Null(StartupErrors.Addresses(["http://localhost:3978", "http://*:8080", "https://+:5001"]));
    }

    [GeneratedRegex(@"^CaseBot is listening on (?<site>http://127\.0\.0\.1:(?<port>\d+))\b.*$")]
    private static partial Regex ListeningLine();

    /// <summary>A line of stderr that is not one of the host's log lines ("warn: …"), which also go to stderr.</summary>
    private static bool IsProblemLine(string line) =>
        line.Length > 0 && !LogLevels.Any(p => line.StartsWith(p, StringComparison.Ordinal));

    private static readonly string[] LogLevels = ["trce: ", "dbug: ", "info: ", "warn: ", "fail: ", "crit: "];
}
