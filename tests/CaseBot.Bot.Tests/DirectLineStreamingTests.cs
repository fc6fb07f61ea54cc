using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace CaseBot.Bot.Tests;

/// <summary>
/// Model-written answers on the Web Chat page (CaseBot's Direct Line, read by polling as the page does): Web Chat's
/// livestreaming, an informative line, then typing activities with verified text and a growing sequence under the first
/// one's id, then the final message with the same stream id.
/// </summary>
public sealed class DirectLineStreamingTests : IAsyncLifetime
{
    private const string Unsupported = "$90m bonus";
    private readonly FakeOpenAIServer _model = new();
    private BotFactory _bot = null!;
    private HttpClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _model.Then(FakeOpenAIServer.Script.Reply(p =>
        {
            var n = FakeOpenAIServer.PassageNumber(p, "awarded her $5m in damages");
            return $"A jury awarded Carroll $5m in damages [{n}]. She also received a {Unsupported} [{n}]. "
                + $"In May, a jury found Trump liable for sexual assault and defamation [{n}]. The jury awarded her $5m [{n}].";
        }).Slowly(TimeSpan.FromMilliseconds(150)));
        _bot = new BotFactory(new Dictionary<string, string?>
        {
            ["Answering:Mode"] = "Model",
            ["Answering:Endpoint"] = _model.Endpoint,
            ["Answering:Model"] = "test-model",
            ["Answering:TimeoutSeconds"] = "20",
        });
        _client = _bot.CreateClient();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task ModelAnswer_StreamsVerifiedTextAsWebChatLivestream_ThenTheFinalMessageWithTheSameStreamId()
    {
        // Typing activities stop being read out once the final message follows them (as on the Direct Line service), so a
        // poll that comes late misses the chunks just before the final. The model writes slowly enough (150 ms a piece) for a
        // poll to fall between any two, on a loaded machine too; a first answer warms the index and the verifier.
        await AskOverDirectLineAsync("What did the jury award Carroll in damages?");
        var (question, seen) = await AskOverDirectLineAsync("How much did the jury award Carroll?");

        var typing = seen.Where(a => a["type"]!.GetValue<string>() == "typing").ToList();
        var informative = typing[0];
        var streamId = informative["id"]!.GetValue<string>();
        var chunks = typing.Skip(1).ToList();
        var final = Assert.Single(seen, a => IsMessageReplyingTo(a, question));

        Assert.Equal("informative", informative["channelData"]!["streamType"]!.GetValue<string>());
        Assert.Equal(1, informative["channelData"]!["streamSequence"]!.GetValue<int>());
        Assert.Null(informative["channelData"]!["streamId"]);
        Assert.Equal(CaseBotActivityHandler.Searching, informative["text"]!.GetValue<string>());
        Assert.True(chunks.Count >= 2, $"expected at least two streamed chunks, saw {chunks.Count}");
        Assert.All(chunks, c =>
        {
            Assert.Equal("streaming", c["channelData"]!["streamType"]!.GetValue<string>());
            Assert.Equal(streamId, c["channelData"]!["streamId"]!.GetValue<string>());
            Assert.DoesNotContain(Unsupported, c["text"]!.GetValue<string>(), StringComparison.Ordinal);
        });
        var sequence = chunks.Select(c => c["channelData"]!["streamSequence"]!.GetValue<int>()).ToList();
        Assert.Equal(Enumerable.Range(2, sequence.Count), sequence);
        Assert.True(chunks[^1]["text"]!.GetValue<string>().Length > chunks[0]["text"]!.GetValue<string>().Length);
        Assert.StartsWith(chunks[0]["text"]!.GetValue<string>(), chunks[^1]["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("final", final["channelData"]!["streamType"]!.GetValue<string>());
        Assert.Equal(streamId, final["channelData"]!["streamId"]!.GetValue<string>());
        Assert.Null(final["channelData"]!["streamSequence"]);
        Assert.Equal("model", final["channelData"]!["caseBot"]!["composer"]!.GetValue<string>());
        Assert.NotEmpty(final["channelData"]!["caseBot"]!["citations"]!.AsArray());
        Assert.Contains("$5m", final["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(Unsupported, final["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _bot.DisposeAsync();
        await _model.DisposeAsync();
    }

    /// <summary>Asks in a new Direct Line conversation and polls as Web Chat does (more often, to see every chunk),
    /// keeping each activity replying to the question the first time it is read, until the final message.</summary>
    private async Task<(string Question, List<JsonObject> Seen)> AskOverDirectLineAsync(string text)
    {
        var generated = await (await _client.PostAsync("/v3/directline/tokens/generate", null, Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct);
        var token = generated!["token"]!.GetValue<string>();
        var started = await (await _client.SendAsync(Authorized(HttpMethod.Post, "/v3/directline/conversations", token), Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct);
        var conversation = started!["conversationId"]!.GetValue<string>();
        using var post = Authorized(HttpMethod.Post, $"/v3/directline/conversations/{conversation}/activities", token);
        post.Content = JsonContent.Create(new JsonObject { ["type"] = "message", ["channelId"] = "webchat", ["text"] = text, ["from"] = new JsonObject { ["id"] = "web-user" } });
        var question = (await (await _client.SendAsync(post, Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!.GetValue<string>();

        var seen = new List<JsonObject>();
        var watermark = string.Empty;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!seen.Any(a => IsMessageReplyingTo(a, question)) && DateTime.UtcNow < deadline)
        {
            var read = await (await _client.SendAsync(Authorized(HttpMethod.Get, $"/v3/directline/conversations/{conversation}/activities?watermark={watermark}", token), Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct);
            seen.AddRange(read!["activities"]!.AsArray().Select(a => a!.AsObject()).Where(a => a["replyToId"]?.GetValue<string>() == question));
            watermark = read["watermark"]!.GetValue<string>();
            await Task.Delay(15, Ct);
        }

        return (question, seen);
    }

    private static bool IsMessageReplyingTo(JsonObject activity, string id) =>
        activity["type"]!.GetValue<string>() == "message" && activity["replyToId"]?.GetValue<string>() == id;

    private static HttpRequestMessage Authorized(HttpMethod method, string url, string token)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
