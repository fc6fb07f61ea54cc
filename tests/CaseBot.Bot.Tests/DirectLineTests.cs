using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace CaseBot.Bot.Tests;

public sealed class DirectLineTests : IAsyncLifetime
{
    private readonly BotFactory _bot = new();
    private HttpClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _client = _bot.CreateClient();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Conversation_EchoesTheUserActivityAndDeliversTheCitedAnswerByWatermark()
    {
        var (conversation, token) = await StartAsync();

        var posted = await PostAsync(conversation, token, new JsonObject
        {
            ["type"] = "message",
            ["text"] = "How much did the jury award Carroll?",
            ["from"] = new JsonObject { ["id"] = "web-user", ["role"] = "user" },
            ["channelData"] = new JsonObject { ["clientActivityID"] = "client-1" },
        });

        var id = posted["id"]!.GetValue<string>();
        Assert.StartsWith(conversation + "|", id, StringComparison.Ordinal);
        var activities = await WaitForAsync(conversation, token, a => a["type"]!.GetValue<string>() == "message" && a["from"]!["role"]!.GetValue<string>() == "bot" && a["replyToId"] is not null);
        var echo = activities.Single(a => a["id"]!.GetValue<string>() == id);
        Assert.Equal("client-1", echo["channelData"]!["clientActivityID"]!.GetValue<string>());
        var answer = activities.Last(a => a["replyToId"]?.GetValue<string>() == id && a["type"]!.GetValue<string>() == "message");
        Assert.Contains("$5", answer["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(answer["entities"]);

        var all = await (await _client.SendAsync(Get($"/v3/directline/conversations/{conversation}/activities?watermark=", token), Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct);
        var later = await _client.SendAsync(Get($"/v3/directline/conversations/{conversation}/activities?watermark={all!["watermark"]}", token), Ct);
        var rest = await later.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Empty(rest!["activities"]!.AsArray());
    }

    [Fact]
    public async Task StartingAConversation_SendsTheWelcome()
    {
        var (conversation, token) = await StartAsync();

        var activities = await WaitForAsync(conversation, token, a => a["suggestedActions"] is not null);

        Assert.Contains(activities, a => a["suggestedActions"]?["actions"]?.AsArray() is { Count: 4 } actions && actions[^1]!["value"]!.GetValue<string>() == CaseBotActivityHandler.TimelineAction);
    }

    [Fact]
    public async Task WrongToken_Is403_UnknownConversation_Is404()
    {
        var (conversation, _) = await StartAsync();
        var (_, otherToken) = await StartAsync();

        var wrong = await _client.SendAsync(Get($"/v3/directline/conversations/{conversation}/activities", otherToken), Ct);
        var unknown = await _client.SendAsync(Get("/v3/directline/conversations/nope/activities", otherToken), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task TokenRefresh_IssuesANewTokenForTheSameConversation()
    {
        var (conversation, token) = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/tokens/refresh");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var refreshed = await (await _client.SendAsync(request, Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct);

        Assert.Equal(conversation, refreshed!["conversationId"]!.GetValue<string>());
        Assert.NotEqual(token, refreshed["token"]!.GetValue<string>());
    }

    [Fact]
    public async Task Reconnect_WithTheStoredToken_GivesTheSameConversation_AndItsHistoryFromWatermarkZero()
    {
        var (conversation, token) = await StartAsync();
        var question = "How much did the jury award Carroll?";
        var posted = await PostAsync(conversation, token, new JsonObject { ["type"] = "message", ["text"] = question, ["from"] = new JsonObject { ["id"] = "web-user" } });
        var firstRead = await WaitForAsync(conversation, token, a => a["type"]!.GetValue<string>() == "message" && a["replyToId"]?.GetValue<string>() == posted["id"]!.GetValue<string>());

        var reconnected = await _client.SendAsync(Get($"/v3/directline/conversations/{conversation}?watermark=", token), Ct);
        var body = await reconnected.Content.ReadFromJsonAsync<JsonObject>(Ct);
        var history = await _client.SendAsync(Get($"/v3/directline/conversations/{conversation}/activities?watermark=0", body!["token"]!.GetValue<string>()), Ct);
        var activities = (await history.Content.ReadFromJsonAsync<JsonObject>(Ct))!["activities"]!.AsArray().Select(a => a!.AsObject()).ToList();

        Assert.Equal(HttpStatusCode.OK, reconnected.StatusCode);
        Assert.Equal(conversation, body["conversationId"]!.GetValue<string>());
        Assert.Contains(activities, a => a["text"]?.GetValue<string>() == question && a["from"]!["role"]!.GetValue<string>() == "user");
        var answer = Assert.Single(activities, a => a["type"]!.GetValue<string>() == "message" && a["replyToId"]?.GetValue<string>() == posted["id"]!.GetValue<string>());
        Assert.Contains("$5", answer["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotEmpty(answer["channelData"]!["caseBot"]!["citations"]!.AsArray());
        // The welcome and the answer's follow-up suggestions come back once each, as they were first read.
        Assert.Equal(firstRead.Count(a => a["suggestedActions"] is not null), activities.Count(a => a["suggestedActions"] is not null));
        Assert.DoesNotContain(activities, a => a["type"]!.GetValue<string>() == "typing");
        Assert.Equal(firstRead.Count(a => a["type"]!.GetValue<string>() != "typing"), activities.Count);
    }

    [Fact]
    public async Task Reconnect_WithAnotherConversationsToken_Is403_UnknownIs404_BadWatermarkIs400()
    {
        var (conversation, token) = await StartAsync();
        var (_, otherToken) = await StartAsync();

        var wrong = await _client.SendAsync(Get($"/v3/directline/conversations/{conversation}?watermark=", otherToken), Ct);
        var unknown = await _client.SendAsync(Get("/v3/directline/conversations/gone-1?watermark=", token), Ct);
        var noToken = await _client.GetAsync($"/v3/directline/conversations/{conversation}", Ct);
        var badWatermark = await _client.SendAsync(Get($"/v3/directline/conversations/{conversation}?watermark=abc", token), Ct);
        var badRead = await _client.SendAsync(Get($"/v3/directline/conversations/{conversation}/activities?watermark=-1", token), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badWatermark.StatusCode);
        Assert.Contains("watermark", await badWatermark.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.BadRequest, badRead.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _bot.DisposeAsync();
    }

    private async Task<(string Conversation, string Token)> StartAsync()
    {
        var generated = await (await _client.PostAsync("/v3/directline/tokens/generate", null, Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct);
        var token = generated!["token"]!.GetValue<string>();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var started = await (await _client.SendAsync(request, Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct);
        return (started!["conversationId"]!.GetValue<string>(), token);
    }

    private async Task<JsonObject> PostAsync(string conversation, string token, JsonObject activity)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{conversation}/activities") { Content = JsonContent.Create(activity) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await _client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
    }

    private async Task<List<JsonObject>> WaitForAsync(string conversation, string token, Func<JsonObject, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var response = await _client.SendAsync(Get($"/v3/directline/conversations/{conversation}/activities?watermark=", token), Ct);
            var body = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
            var activities = body!["activities"]!.AsArray().Select(a => a!.AsObject()).ToList();
            if (activities.Any(match) || DateTime.UtcNow > deadline)
            {
                return activities;
            }

            await Task.Delay(50, Ct);
        }
    }

    private static HttpRequestMessage Get(string url, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
