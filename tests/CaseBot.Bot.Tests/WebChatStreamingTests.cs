using System.Text.Json;
using System.Text.RegularExpressions;

namespace CaseBot.Bot.Tests;

/// <summary>
/// The built bot in model mode against a fake OpenAI-compatible server in this process that writes slowly, quoting the
/// first sentence of each of the first passages it is given (verbatim, so verification keeps them; no case text here).
/// </summary>
public sealed partial class ModelBotProcessFixture : BotProcessFixture
{
    private readonly FakeOpenAIServer _model = new FakeOpenAIServer().Then(FakeOpenAIServer.Script.Reply(QuoteFirstPassages).Slowly(TimeSpan.FromMilliseconds(80)));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _model.DisposeAsync();
    }

    protected override void Configure(IDictionary<string, string?> environment)
    {
        environment["Answering__Mode"] = "Model";
        environment["Answering__Endpoint"] = _model.Endpoint;
        environment["Answering__Model"] = "fake-model";
    }

    private static string QuoteFirstPassages(string prompt) => string.Join(' ', prompt.Split('\n')
        .Select(line => PassageLine().Match(line))
        .Where(m => m.Success)
        .Take(3)
        .Select(m => $"{FirstSentence().Match(m.Groups["text"].Value).Value.Trim()} [{m.Groups["n"].Value}]"));

    [GeneratedRegex(@"^\[(?<n>\d+)\] \(.*?, (?:\d{1,2} \w+ \d{4}|undated)\) (?<text>.+)$")]
    private static partial Regex PassageLine();

    /// <summary>Up to the first full stop that is not an initial ("E. Jean").</summary>
    [GeneratedRegex(@"^.+?(?<!\b\p{Lu})[.!?][""”’']?(?=\s|$)")]
    private static partial Regex FirstSentence();
}

/// <summary>
/// Web Chat in headless Chromium on the bot in model mode (<c>tests/e2e/webchat-streaming.mjs</c>): the answer grows in
/// the page before it is complete, ends as one cited answer, and a reload shows it once.
/// </summary>
public sealed class WebChatStreamingTests(ModelBotProcessFixture bot) : IClassFixture<ModelBotProcessFixture>
{
    [Fact]
    public async Task WebChat_InModelMode_ShowsTheAnswerGrowingThenTheCitedAnswer()
    {
        if (bot.Unavailable is not null)
        {
            Assert.False(RealClients.Required, bot.Unavailable);
            Assert.Skip(bot.Unavailable);
        }

        var (code, stdout, stderr) = await RealClients.RunNodeAsync("webchat-streaming.mjs", bot.Url, TestContext.Current.CancellationToken);

        Assert.True(code == 0, $"Web Chat streaming failed (exit {code}).\nstdout: {stdout}\nstderr: {stderr}\nbot log:\n{bot.Log}");
        var result = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]).RootElement;
        Assert.True(result.GetProperty("ok").GetBoolean());
        Assert.True(result.GetProperty("partials").GetInt32() >= 1);
        TestContext.Current.SendDiagnosticMessage($"Web Chat streaming: {stdout.Trim()}");
    }
}
