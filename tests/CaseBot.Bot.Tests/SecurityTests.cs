using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Testing;

namespace CaseBot.Bot.Tests;

/// <summary>Authentication stays shut, limits hold, and no secret or token ever reaches the logs.</summary>
public sealed class SecurityTests : IAsyncLifetime
{
    private const string AppId = "99999999-8888-7777-6666-555555555555";
    private const string AppPassword = "app-password-must-never-be-logged";
    private const string DirectLineSecret = "dl-secret-must-never-be-logged";
    private readonly ChannelStub _channel = new();
    private readonly FakeLoggerProvider _logs = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task WithAnAppId_DirectLineNeedsTheSecretThenItsOwnToken()
    {
        await using var bot = Authenticated();
        var client = bot.CreateClient();

        var anonymous = await client.PostAsync("/v3/directline/tokens/generate", null, Ct);
        var wrong = await PostWithBearer(client, "/v3/directline/tokens/generate", "not-the-secret");
        var start = await PostWithBearer(client, "/v3/directline/conversations", "not-the-secret");
        var granted = await PostWithBearer(client, "/v3/directline/tokens/generate", DirectLineSecret);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, start.StatusCode);
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        var token = (await granted.Content.ReadFromJsonAsync<JsonObject>(Ct))!["token"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await PostWithBearer(client, "/v3/directline/conversations", token)).StatusCode);
    }

    [Fact]
    public async Task FullAuthenticatedRun_LogsNeverContainSecretsOrTokens()
    {
        await using var bot = Authenticated();
        var client = bot.CreateClient();
        var channelToken = _channel.IssueToken(AppId, _channel.ServiceUrl);

        await bot.PostActivityAsync(Activities.Message(_channel.ServiceUrl, "How much did the jury award Carroll?"), channelToken);
        await bot.PostActivityAsync(Activities.Message(_channel.ServiceUrl, "Who is the judge?"), "garbage." + channelToken);
        var dl = await (await PostWithBearer(client, "/v3/directline/tokens/generate", DirectLineSecret)).Content.ReadFromJsonAsync<JsonObject>(Ct);
        var dlToken = dl!["token"]!.GetValue<string>();
        await PostWithBearer(client, "/v3/directline/conversations", dlToken);
        await _channel.WaitForAsync(r => r.Type == "message");

        var records = _logs.Collector.GetSnapshot();
        var log = string.Join('\n', records.Select(r => r.Message));
        Assert.NotEmpty(records);
        Assert.DoesNotContain(AppPassword, log, StringComparison.Ordinal);
        Assert.DoesNotContain(DirectLineSecret, log, StringComparison.Ordinal);
        Assert.DoesNotContain(channelToken, log, StringComparison.Ordinal);
        Assert.DoesNotContain(channelToken.Split('.')[1], log, StringComparison.Ordinal);
        Assert.DoesNotContain(dlToken, log, StringComparison.Ordinal);
        Assert.DoesNotContain("outbound-test-token", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoisyConversation_Gets429_OthersGoOn()
    {
        await using var bot = new BotFactory(new Dictionary<string, string?> { ["Bot:PerConversationPerMinute"] = "3" });
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await bot.PostActivityAsync(Activities.Message(_channel.ServiceUrl, "Who is the judge?", conversationId: "noisy", id: $"n{i}"))).StatusCode);
        }

        var other = await bot.PostActivityAsync(Activities.Message(_channel.ServiceUrl, "Who is the judge?", conversationId: "quiet"));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task DirectLineClient_OverItsBudget_Gets429()
    {
        await using var bot = new BotFactory(new Dictionary<string, string?> { ["Bot:PerClientPerMinute"] = "4" });
        var client = bot.CreateClient();
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await client.PostAsync("/v3/directline/tokens/generate", null, Ct)).StatusCode);
        }

        Assert.Equal(4, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        _logs.Dispose();
    }

    private BotFactory Authenticated() => new(
        new Dictionary<string, string?>
        {
            ["MicrosoftAppId"] = AppId,
            ["MicrosoftAppPassword"] = AppPassword,
            ["OpenIdMetadataUrl"] = _channel.OpenIdUrl,
            ["Bot:AllowedServiceHosts:0"] = "127.0.0.1",
            ["Bot:DirectLineSecret"] = DirectLineSecret,
            ["Logging:LogLevel:Default"] = "Trace",
        },
        _logs);

    private static async Task<HttpResponseMessage> PostWithBearer(HttpClient client, string url, string bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return await client.SendAsync(request, Ct);
    }
}
