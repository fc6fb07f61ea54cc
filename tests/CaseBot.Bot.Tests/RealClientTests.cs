using System.Diagnostics;
using System.Text.Json;

namespace CaseBot.Bot.Tests;

/// <summary>
/// Starts the bot from its built dll, anonymous, as a user would (<c>dotnet CaseBot.Bot.dll</c>), on a free loopback
/// port (or <c>CASEBOT_E2E_PORT</c>). Its address is taken from its own banner, so a bot already running elsewhere
/// (on 3978, say) can never be the one the clients talk to.
/// </summary>
public partial class BotProcessFixture : IAsyncLifetime
{
    private readonly string _index = Path.Combine(Path.GetTempPath(), "casebot-e2e", Guid.NewGuid().ToString("N"));
    private Process? _bot;

    public string Url { get; private set; } = string.Empty;

    /// <summary>The bot's feedback file (private to this run), which the Web Chat test reads back.</summary>
    public string FeedbackPath => Path.Combine(_index, "feedback.jsonl");

    public string Log => _log.ToString();

    public string? Unavailable { get; private set; }

    private readonly System.Text.StringBuilder _log = new();

    public virtual async ValueTask InitializeAsync()
    {
        Unavailable = RealClients.MissingPrerequisite();
        if (Unavailable is not null)
        {
            return;
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RealClients.Root };
        start.ArgumentList.Add(RealClients.BotDll());
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{Environment.GetEnvironmentVariable("CASEBOT_E2E_PORT") ?? "0"}");
        start.Environment["CaseBot__IndexPath"] = _index;
        start.Environment["Feedback__Path"] = FeedbackPath;
        start.Environment.Remove("MicrosoftAppId");
        Configure(start.Environment);
        _bot = Process.Start(start)!;
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _bot.OutputDataReceived += (_, e) =>
        {
            Append(e.Data);
            if (e.Data is not null && ListeningLine().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(match.Groups["site"].Value);
            }
        };
        _bot.ErrorDataReceived += (_, e) => Append(e.Data);
        _bot.BeginOutputReadLine();
        _bot.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!listening.Task.IsCompleted)
        {
            if (_bot.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The bot never said where it listens (exited: {_bot.HasExited}):\n{Log}");
            }

            await Task.Delay(50);
        }

        Url = await listening.Task;
        using var http = new HttpClient();
        while (DateTime.UtcNow < deadline)
        {
            if (_bot.HasExited)
            {
                throw new InvalidOperationException($"The bot exited with {_bot.ExitCode}:\n{Log}");
            }

            try
            {
                if ((await http.GetAsync($"{Url}/healthz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The bot did not become healthy at {Url}:\n{Log}");
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_bot is { HasExited: false })
        {
            _bot.Kill(entireProcessTree: true);
            await _bot.WaitForExitAsync();
        }

        _bot?.Dispose();
        if (Directory.Exists(_index))
        {
            Directory.Delete(_index, recursive: true);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Settings for the bot process beyond the defaults (a subclass runs it in model mode, say).</summary>
    protected virtual void Configure(IDictionary<string, string?> environment)
    {
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^CaseBot is listening on (?<site>http://127\.0\.0\.1:\d+)\b")]
    private static partial System.Text.RegularExpressions.Regex ListeningLine();

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }
}

/// <summary>
/// Real third-party clients against the running bot: the official DirectLineJS, the botbuilder JS Connector routes,
/// the Microsoft 365 Agents Playground (API and UI) and Web Chat in headless Chromium. Each is a script under
/// <c>tests/e2e/</c>; it prints one JSON line and exits 0 only when the client got correct, cited answers, including
/// a follow-up in context. Skipped (with the reason) when npm packages or Chromium are not installed, unless
/// <c>CASEBOT_REQUIRE_E2E=1</c> (as in <c>.ci/run</c>), which makes a missing client a failure.
/// </summary>
public sealed class RealClientTests(BotProcessFixture bot) : IClassFixture<BotProcessFixture>
{
    [Theory]
    [InlineData("directline.mjs", "DirectLineJS")]
    [InlineData("botbuilder-receiver.mjs", "botbuilder ChannelServiceRoutes")]
    [InlineData("webchat.mjs", "Web Chat")]
    [InlineData("playground.mjs", "Agents Playground")]
    public async Task RealClient_GetsCitedAnswersAndAFollowUpInContext(string script, string client)
    {
        if (bot.Unavailable is not null)
        {
            Assert.False(RealClients.Required, bot.Unavailable);
            Assert.Skip(bot.Unavailable);
        }

        var (code, stdout, stderr) = await RealClients.RunNodeAsync(script, bot.Url, TestContext.Current.CancellationToken, bot.FeedbackPath);

        Assert.True(code == 0, $"{client} failed (exit {code}).\nstdout: {stdout}\nstderr: {stderr}\nbot log:\n{bot.Log}");
        var result = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]).RootElement;
        Assert.Equal(client, result.GetProperty("client").GetString());
        Assert.True(result.GetProperty("ok").GetBoolean());
        TestContext.Current.SendDiagnosticMessage($"{client}: {stdout.Trim()}");
    }
}

internal static class RealClients
{
    private static readonly string[] Configurations = ["Debug", "Release"];

    public static string Root => Repo.Root;

    public static bool Required => Environment.GetEnvironmentVariable("CASEBOT_REQUIRE_E2E") == "1";

    public static string Chromium => Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";

    public static string? MissingPrerequisite()
    {
        if (!Directory.Exists(Path.Combine(Root, "node_modules", "botframework-webchat")) || !Directory.Exists(Path.Combine(Root, "node_modules", "@microsoft", "m365agentsplayground")))
        {
            return "npm packages are not installed (run 'npm ci' in the repository root).";
        }

        if (!File.Exists(Chromium))
        {
            return $"Chromium is not installed at {Chromium} (apt-get install chromium, or set CHROMIUM_PATH).";
        }

        return File.Exists(BotDll()) ? null : $"The bot is not built at {BotDll()}.";
    }

    public static string BotDll()
    {
        var candidates = Configurations
            .Select(c => Path.Combine(Root, "src", "CaseBot.Bot", "bin", c, "net10.0", "CaseBot.Bot.dll"))
            .Where(File.Exists)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .ToList();
        return candidates.FirstOrDefault() ?? Path.Combine(Root, "src", "CaseBot.Bot", "bin", "Debug", "net10.0", "CaseBot.Bot.dll");
    }

    public static async Task<(int Code, string Stdout, string Stderr)> RunNodeAsync(string script, string botUrl, CancellationToken cancellationToken, string? feedbackPath = null)
    {
        var output = Environment.GetEnvironmentVariable("CASEBOT_E2E_OUT") ?? Path.Combine(Root, "TestResults", "e2e");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root };
        start.ArgumentList.Add(Path.Combine(Root, "tests", "e2e", script));
        start.Environment["CASEBOT_URL"] = botUrl;
        start.Environment["CASEBOT_E2E_OUT"] = output;
        start.Environment["CHROMIUM_PATH"] = Chromium;
        if (feedbackPath is not null)
        {
            start.Environment["CASEBOT_FEEDBACK_PATH"] = feedbackPath;
        }
        if (Environment.GetEnvironmentVariable("PLAYGROUND_PORT") is null)
        {
            // Not the Playground's usual 56150: one already running there would answer in this test's place.
            start.Environment["PLAYGROUND_PORT"] = LoopbackHost.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return await ChildProcess.RunAsync(start, string.Empty, TimeSpan.FromMinutes(3), cancellationToken);
    }
}
