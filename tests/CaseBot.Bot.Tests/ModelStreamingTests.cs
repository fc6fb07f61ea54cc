using System.Text.Json.Nodes;

namespace CaseBot.Bot.Tests;

/// <summary>Model-written answers in Teams: streamed in personal chats (streaminfo, verified sentences only), one message elsewhere, checked either way.</summary>
public sealed class ModelStreamingTests : IAsyncLifetime
{
    private readonly ChannelStub _channel = new();
    private readonly FakeOpenAIServer _model = new();
    private BotFactory _bot = null!;

    public ValueTask InitializeAsync()
    {
        _model.Then(FakeOpenAIServer.Script.Reply(p =>
            $"A jury awarded Carroll $5m in damages [{FakeOpenAIServer.PassageNumber(p, "awarded her $5m in damages")}]. She also received a $90m bonus [{FakeOpenAIServer.PassageNumber(p, "awarded her $5m in damages")}]."));
        _bot = new BotFactory(new Dictionary<string, string?>
        {
            ["Answering:Mode"] = "Model",
            ["Answering:Endpoint"] = _model.Endpoint,
            ["Answering:Model"] = "test-model",
            ["Answering:TimeoutSeconds"] = "5",
        });
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task TeamsPersonalChat_StreamsThenSendsTheCheckedFinalWithCitations()
    {
        await _bot.PostActivityAsync(Activities.Message(_channel.ServiceUrl, "How much did the jury award Carroll?"));

        var final = Assert.Single(await _channel.WaitForAsync(r => r.Type == "message"));
        var chunks = _channel.Replies.Where(r => r.Type == "typing" && r.Activity["entities"] is JsonArray).ToList();
        var first = Assert.Single(chunks, c => c.Activity["entities"]![0]!["streamSequence"]!.GetValue<int>() == 1);
        Assert.Null(first.Activity["entities"]![0]!["streamId"]);
        Assert.All(chunks, c => Assert.DoesNotContain("$90m", c.Text, StringComparison.Ordinal));
        var entities = final.Activity["entities"]!.AsArray();
        Assert.Equal("final", entities[0]!["streamType"]!.GetValue<string>());
        Assert.StartsWith("stream-", entities[0]!["streamId"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(entities[0]!["streamSequence"]);
        Assert.Contains(entities, e => e!["type"]!.GetValue<string>() == "https://schema.org/Message");
        Assert.Contains("$5m", final.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("$90m", final.Text, StringComparison.Ordinal);
        Assert.Equal("model", final.Activity["channelData"]!["caseBot"]!["composer"]!.GetValue<string>());
    }

    [Fact]
    public async Task GroupChat_GetsOneMessageWithoutStreaming()
    {
        var activity = Activities.Message(_channel.ServiceUrl, "How much did the jury award Carroll?");
        activity["conversation"]!["conversationType"] = "groupChat";

        await _bot.PostActivityAsync(activity);

        var final = Assert.Single(await _channel.WaitForAsync(r => r.Type == "message"));
        Assert.DoesNotContain(_channel.Replies, r => r.Activity["entities"]?.AsArray().Any(e => e!["type"]!.GetValue<string>() == "streaminfo") == true);
        Assert.Contains("$5m", final.Text, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _model.DisposeAsync();
        await _channel.DisposeAsync();
    }
}
