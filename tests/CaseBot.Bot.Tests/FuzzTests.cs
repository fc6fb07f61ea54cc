using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace CaseBot.Bot.Tests;

/// <summary>
/// Thousands of generated and mutated requests against /api/messages and the Direct Line endpoint: never a 5xx, the
/// host keeps answering, memory stays bounded. (The console's chat --jsonl gets its own fuzz in CaseBot.Cli.Tests.)
/// </summary>
public sealed class FuzzTests : IAsyncLifetime
{
    private static readonly HttpStatusCode[] Allowed =
    [
        HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden,
        HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed, HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.UnsupportedMediaType,
        HttpStatusCode.TooManyRequests, HttpStatusCode.NotImplemented,
    ];

    private readonly ChannelStub _channel = new();
    private readonly BotFactory _bot = new(new Dictionary<string, string?> { ["Bot:PerClientPerMinute"] = "100000" });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task MessagesEndpoint_7000FuzzedRequests_NoServerErrorAndStillAnswers()
    {
        var client = _bot.CreateClient();
        var random = new Random(20261122);
        var statuses = new Dictionary<HttpStatusCode, int>();
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);

        for (var i = 0; i < 7000; i++)
        {
            using var content = new StringContent(Fuzz.Body(random, _channel.ServiceUrl), Encoding.UTF8, random.Next(20) == 0 ? "text/plain" : "application/json");
            using var response = await client.PostAsync("/api/messages", content, Ct);
            Assert.True(Allowed.Contains(response.StatusCode), $"request {i} got {(int)response.StatusCode}");
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
        }

        GC.Collect();
        var growth = GC.GetTotalMemory(forceFullCollection: true) - before;
        var answer = await AskAsync(client, "How much did the jury award Carroll?");
        TestContext.Current.SendDiagnosticMessage($"statuses: {string.Join(", ", statuses.Select(s => $"{(int)s.Key}={s.Value}"))}; managed memory growth {growth / 1048576.0:0.0} MB");
        Assert.Contains("$5", answer, StringComparison.Ordinal);
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.BadRequest) > 500, "the fuzz produced bad requests");
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.OK) > 500, "the fuzz produced valid requests");
        Assert.True(growth < 200 * 1048576L, $"managed memory grew by {growth / 1048576.0:0.0} MB");
    }

    [Fact]
    public async Task DirectLine_3000FuzzedActivities_NoServerErrorAndTheConversationGoesOn()
    {
        var client = _bot.CreateClient();
        var random = new Random(7);
        var generated = await (await client.PostAsync("/v3/directline/tokens/generate", null, Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct);
        var token = generated!["token"]!.GetValue<string>();
        var conversation = generated["conversationId"]!.GetValue<string>();

        for (var i = 0; i < 3000; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{conversation}/activities")
            {
                Content = new StringContent(Fuzz.Body(random, "http://ignored/"), Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", random.Next(50) == 0 ? "forged" : token);
            using var response = await client.SendAsync(request, Ct);
            Assert.True(Allowed.Contains(response.StatusCode), $"request {i} got {(int)response.StatusCode}");
        }

        using var history = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{conversation}/activities?watermark=");
        history.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(history, Ct)).StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _channel.DisposeAsync();
    }

    private async Task<string> AskAsync(HttpClient client, string text)
    {
        var activity = Activities.Message(_channel.ServiceUrl, text, conversationId: "after-fuzz");
        activity["deliveryMode"] = "expectReplies";
        var response = await client.PostAsJsonAsync("/api/messages", activity, Ct);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        return body!["activities"]!.AsArray().Last(a => a!["type"]!.GetValue<string>() == "message")!["text"]!.GetValue<string>();
    }
}
