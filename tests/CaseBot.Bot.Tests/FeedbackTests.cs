using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace CaseBot.Bot.Tests;

/// <summary>Follow-up suggestions after answers, and feedback recorded with the answer's receipt, in Web Chat (Direct Line) and Teams.</summary>
public sealed class FeedbackTests : IAsyncLifetime
{
    private readonly BotFactory _bot = new();
    private readonly ChannelStub _channel = new();
    private HttpClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _client = _bot.CreateClient();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task WebChat_AnswerCarriesSuggestionsAndFeedbackActions_AndALikeIsRecordedWithTheReceipt()
    {
        var (conversation, token) = await StartAsync();
        await PostAsync(conversation, token, Message("How much did the jury award Carroll?"));
        var answer = await WaitForAnswerAsync(conversation, token, 1);

        var suggestions = answer["suggestedActions"]!["actions"]!.AsArray();
        Assert.InRange(suggestions.Count, 2, 3);
        Assert.All(suggestions, s => Assert.Equal("imBack", s!["type"]!.GetValue<string>()));
        var entity = answer["entities"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "https://schema.org/Message")!;
        var actions = entity["potentialAction"]!.AsArray();
        Assert.Equal(["LikeAction", "DislikeAction"], actions.Select(a => a!["@type"]!.GetValue<string>()));
        var like = actions[0]!.DeepClone().AsObject();

        // Exactly what Web Chat 4.18.1 posts when the thumb is pressed: an event carrying the action it was given.
        await PostAsync(conversation, token, new JsonObject
        {
            ["type"] = "event",
            ["name"] = "webchat:activity-status/feedback",
            ["entities"] = new JsonArray(like),
            ["from"] = new JsonObject { ["id"] = "web-user", ["role"] = "user" },
        });
        var result = await WaitForAsync(conversation, token, a => a["name"]?.GetValue<string>() == "casebot/feedback");

        Assert.True(result["value"]!["recorded"]!.GetValue<bool>());
        Assert.True(result["value"]!["receiptFound"]!.GetValue<bool>());
        var line = Assert.Single(await File.ReadAllLinesAsync(_bot.FeedbackPath, Ct));
        var record = JsonNode.Parse(line)!;
        Assert.Equal("like", record["reaction"]!.GetValue<string>());
        Assert.Equal("directline", record["channel"]!.GetValue<string>());
        Assert.Contains(conversation, record["conversationId"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(answer["id"]!.GetValue<string>(), record["activityId"]!.GetValue<string>());
        Assert.True(DateTimeOffset.UtcNow - record["time"]!.GetValue<DateTimeOffset>() < TimeSpan.FromMinutes(1));
        var receipt = record["receipt"]!;
        Assert.Equal("How much did the jury award Carroll?", receipt["question"]!.GetValue<string>());
        Assert.Equal("extractive", receipt["composer"]!.GetValue<string>());
        Assert.Equal("Answered", receipt["status"]!.GetValue<string>());
        Assert.Matches("^[0-9A-Fa-f]{16,}$", receipt["indexContentHash"]!.GetValue<string>());
        Assert.Contains(receipt["answer"]!.GetValue<string>().Split(" [")[0], answer["text"]!.GetValue<string>().Replace("**", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        var citations = receipt["citations"]!.AsArray();
        Assert.NotEmpty(citations);
        foreach (var c in citations)
        {
            var text = await File.ReadAllTextAsync(Path.Combine(RealClients.Root, "index", "articles", c!["source"]!.GetValue<string>()), Ct);
            Assert.Equal(c["quote"]!.GetValue<string>(), text[c["start"]!.GetValue<int>()..c["end"]!.GetValue<int>()]);
        }
    }

    [Fact]
    public async Task WebChat_ClickingASuggestion_IsAnsweredAndNeverSuggestsWhatWasAsked()
    {
        var (conversation, token) = await StartAsync();
        await PostAsync(conversation, token, Message("Which judge presided over the case?"));
        var first = await WaitForAnswerAsync(conversation, token, 1);
        var suggestion = first["suggestedActions"]!["actions"]![0]!["value"]!.GetValue<string>();

        await PostAsync(conversation, token, Message(suggestion));
        var second = await WaitForAnswerAsync(conversation, token, 2);

        Assert.Equal("Answered", second["channelData"]!["caseBot"]!["status"]!.GetValue<string>());
        var next = second["suggestedActions"]?["actions"]?.AsArray().Select(a => a!["value"]!.GetValue<string>()).ToList() ?? [];
        Assert.NotEmpty(next);
        Assert.DoesNotContain(suggestion, next);
        Assert.DoesNotContain("Which judge presided over the case?", next);
    }

    [Fact]
    public async Task WebChat_BadFeedback_GetsItsErrorBackAndLeavesTheFileAsItWas()
    {
        var (conversation, token) = await StartAsync();
        await PostAsync(conversation, token, Message("How much did the jury award Carroll?"));
        var answer = await WaitForAnswerAsync(conversation, token, 1);
        var like = answer["entities"]!.AsArray().Single(e => e!["potentialAction"] is not null)!["potentialAction"]![0]!.DeepClone();
        await PostAsync(conversation, token, new JsonObject { ["type"] = "event", ["name"] = "webchat:activity-status/feedback", ["entities"] = new JsonArray(like) });
        await WaitForAsync(conversation, token, a => a["name"]?.GetValue<string>() == "casebot/feedback");
        var before = await File.ReadAllTextAsync(_bot.FeedbackPath, Ct);

        await PostAsync(conversation, token, new JsonObject { ["type"] = "event", ["name"] = "webchat:activity-status/feedback", ["entities"] = new JsonArray(new JsonObject { ["type"] = "mention" }) });
        var results = await WaitForAllAsync(conversation, token, a => a["name"]?.GetValue<string>() == "casebot/feedback", 2);

        var refused = results[1]["value"]!;
        Assert.False(refused["recorded"]!.GetValue<bool>());
        Assert.Contains("LikeAction", refused["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(_bot.FeedbackPath, Ct));
    }

    [Fact]
    public async Task Teams_SubmitActionOnAnAnswer_IsRecordedWithItsReceiptAndComment_BadOneIs400()
    {
        await _bot.PostActivityAsync(Activities.Message(_channel.ServiceUrl, "When was the verdict?", conversationId: "a:fb-teams"));
        var reply = (await _channel.WaitForAsync(r => r.Type == "message")).Single();
        Assert.Null(reply.Activity["entities"]![0]!["potentialAction"]);
        var feedback = Activities.Message(_channel.ServiceUrl, string.Empty, conversationId: "a:fb-teams", id: "act|8");
        feedback["type"] = "invoke";
        feedback["name"] = "message/submitAction";
        feedback["replyToId"] = reply.Id;
        feedback["value"] = new JsonObject { ["actionName"] = "feedback", ["actionValue"] = new JsonObject { ["reaction"] = "dislike", ["feedback"] = "{\"feedbackText\":\"wrong date\"}" } };
        var bad = feedback.DeepClone().AsObject();
        bad["value"] = new JsonObject { ["actionName"] = "feedback", ["actionValue"] = new JsonObject { ["reaction"] = "meh" } };

        var recorded = await _bot.PostActivityAsync(feedback);
        var refused = await _bot.PostActivityAsync(bad);

        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = await refused.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Contains("'meh' is not one of: like, dislike", error!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var record = JsonNode.Parse(Assert.Single(await File.ReadAllLinesAsync(_bot.FeedbackPath, Ct)))!;
        Assert.Equal("dislike", record["reaction"]!.GetValue<string>());
        Assert.Equal("wrong date", record["comment"]!.GetValue<string>());
        Assert.Equal("msteams", record["channel"]!.GetValue<string>());
        Assert.Equal(reply.Id, record["activityId"]!.GetValue<string>());
        Assert.Equal("When was the verdict?", record["receipt"]!["question"]!.GetValue<string>());
        Assert.NotEmpty(record["receipt"]!["citations"]!.AsArray());
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _bot.DisposeAsync();
        await _channel.DisposeAsync();
    }

    private static JsonObject Message(string text) => new()
    {
        ["type"] = "message",
        ["text"] = text,
        ["from"] = new JsonObject { ["id"] = "web-user", ["role"] = "user" },
    };

    private async Task<(string Conversation, string Token)> StartAsync()
    {
        var generated = await (await _client.PostAsync("/v3/directline/tokens/generate", null, Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct);
        var token = generated!["token"]!.GetValue<string>();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var started = await (await _client.SendAsync(request, Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct);
        return (started!["conversationId"]!.GetValue<string>(), token);
    }

    private async Task PostAsync(string conversation, string token, JsonObject activity)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{conversation}/activities") { Content = JsonContent.Create(activity) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await _client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The <paramref name="nth"/> answer of the conversation (a bot message replying to a user message).</summary>
    private async Task<JsonObject> WaitForAnswerAsync(string conversation, string token, int nth) =>
        (await WaitForAllAsync(conversation, token, a => a["type"]!.GetValue<string>() == "message" && a["from"]!["role"]?.GetValue<string>() == "bot" && a["channelData"]?["caseBot"] is not null, nth))[nth - 1];

    private async Task<JsonObject> WaitForAsync(string conversation, string token, Func<JsonObject, bool> match) =>
        (await WaitForAllAsync(conversation, token, match, 1))[0];

    private async Task<List<JsonObject>> WaitForAllAsync(string conversation, string token, Func<JsonObject, bool> match, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{conversation}/activities");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var body = await (await _client.SendAsync(request, Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct);
            var found = body!["activities"]!.AsArray().Select(a => a!.AsObject()).Where(match).ToList();
            if (found.Count >= count)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {count} matching activities (have {found.Count})");
            await Task.Delay(50, Ct);
        }
    }
}
