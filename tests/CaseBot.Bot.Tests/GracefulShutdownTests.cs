using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace CaseBot.Bot.Tests;

/// <summary>The built host stopped with SIGTERM (a rolling restart) while turns are in flight.</summary>
public sealed partial class GracefulShutdownTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Sigterm_With50TurnsInFlight_DeliversEveryReplyOnce()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "SIGTERM is a Unix signal.");
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var channel = new ChannelStub();
        await using var bot = BotHostProcess.Start(
            new Dictionary<string, string> { ["Bot__PerConversationPerMinute"] = "1000" },
            "--urls", "http://127.0.0.1:0");
        var site = (await bot.WaitForLineAsync(ListeningLine(), Limit, cancellationToken)).Groups["site"].Value;
        using var http = new HttpClient { BaseAddress = new Uri(site) };
        await WaitForHealthyAsync(http, cancellationToken);

        // Each delivery now takes 1.5 s and a turn sends two (typing, then the answer): all 50 are in flight at SIGTERM.
        channel.Delay = TimeSpan.FromSeconds(1.5);
        var posts = Enumerable.Range(0, 50).Select(i => http.PostAsJsonAsync(
            "/api/messages",
            Activities.Message(channel.ServiceUrl, "How much did the jury award Carroll?", conversationId: $"c{i}", id: $"a{i}", channelId: "emulator"),
            cancellationToken));
        var responses = await Task.WhenAll(posts);
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.True(channel.Replies.Count(r => r.Type == "message") < 50, "the turns finished before the host was stopped");
        bot.Terminate();
        var code = await bot.WaitForExitAsync(Limit, cancellationToken);

        Assert.True(code == 0, $"exit code {code}\n{bot.Output}");
        var answers = channel.Replies.Where(r => r.Type == "message").ToList();
        Assert.Equal(50, answers.Count);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"c{i}").Order(StringComparer.Ordinal), answers.Select(a => a.ConversationId!).Order(StringComparer.Ordinal));
        Assert.Contains(bot.StderrLines, l => l.Contains("Shutting down: letting", StringComparison.Ordinal));
        // The whole log on failure: a turn that failed says why only there.
        Assert.False(bot.StderrLines.Any(l => l.Contains("are cancelled", StringComparison.Ordinal) || l.Contains("failed in conversation", StringComparison.Ordinal)), bot.Output);
    }

    private static async Task WaitForHealthyAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (DateTime.UtcNow < deadline)
        {
            using var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative), cancellationToken);
            if (health.IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(100, cancellationToken);
        }

        Assert.Fail("The bot host never became healthy.");
    }

    [GeneratedRegex(@"^CaseBot is listening on (?<site>http://127\.0\.0\.1:(?<port>\d+))\b.*$")]
    private static partial Regex ListeningLine();
}
