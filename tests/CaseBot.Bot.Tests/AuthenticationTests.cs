using System.Net;
using Microsoft.IdentityModel.Tokens;

namespace CaseBot.Bot.Tests;

public sealed class AuthenticationTests : IAsyncLifetime
{
    private const string AppId = "11111111-2222-3333-4444-555555555555";
    private readonly ChannelStub _channel = new();
    private BotFactory _bot = null!;

    public ValueTask InitializeAsync()
    {
        _bot = new BotFactory(new Dictionary<string, string?>
        {
            ["MicrosoftAppId"] = AppId,
            ["MicrosoftAppPassword"] = "not-a-real-secret",
            ["MicrosoftAppType"] = "MultiTenant",
            ["OpenIdMetadataUrl"] = _channel.OpenIdUrl,
            ["EntraOpenIdMetadataUrl"] = _channel.OpenIdUrl,
            ["Bot:AllowedServiceHosts:0"] = "127.0.0.1",
        });
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task ValidToken_IsAcceptedAndTheReplyCarriesAnOutboundToken()
    {
        var token = _channel.IssueToken(AppId, _channel.ServiceUrl);

        var response = await _bot.PostActivityAsync(Activities.Message(_channel.ServiceUrl, "Who is the judge?"), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(await _channel.WaitForAsync(r => r.Type == "message"));
        Assert.Equal("Bearer outbound-test-token", reply.Authorization);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("not-bearer")]
    [InlineData("garbage")]
    [InlineData("wrong-audience")]
    [InlineData("wrong-issuer")]
    [InlineData("expired")]
    [InlineData("unknown-key")]
    [InlineData("bad-signature")]
    [InlineData("unendorsed-key")]
    [InlineData("channel-not-endorsed")]
    [InlineData("serviceurl-mismatch")]
    [InlineData("alg-none")]
    public async Task InvalidOrMissingToken_Gets401AndNoReplyIsSent(string problem)
    {
        var activity = Activities.Message(_channel.ServiceUrl, "Who is the judge?");
        string? header = problem switch
        {
            "none" => null,
            "not-bearer" => "Basic " + _channel.IssueToken(AppId, _channel.ServiceUrl),
            "garbage" => "Bearer not.a.jwt",
            "wrong-audience" => Bearer(_channel.IssueToken("someone-else", _channel.ServiceUrl)),
            "wrong-issuer" => Bearer(_channel.IssueToken(AppId, _channel.ServiceUrl, issuer: "https://evil.example")),
            "expired" => Bearer(_channel.IssueToken(AppId, _channel.ServiceUrl, expires: DateTime.UtcNow.AddMinutes(-6))),
            "unknown-key" => Bearer(_channel.IssueToken(AppId, _channel.ServiceUrl, new RsaSecurityKey(System.Security.Cryptography.RSA.Create(2048)) { KeyId = "nobody" })),
            "bad-signature" => Bearer(_channel.IssueToken(AppId, _channel.ServiceUrl, new RsaSecurityKey(System.Security.Cryptography.RSA.Create(2048)) { KeyId = _channel.SigningKey.KeyId })),
            "unendorsed-key" => Bearer(_channel.IssueToken(AppId, _channel.ServiceUrl, _channel.UnendorsedKey)),
            "channel-not-endorsed" => Bearer(_channel.IssueToken(AppId, _channel.ServiceUrl)),
            "serviceurl-mismatch" => Bearer(_channel.IssueToken(AppId, "https://smba.trafficmanager.net/amer/")),
            _ => Bearer(Unsigned()),
        };
        if (problem == "channel-not-endorsed")
        {
            activity["channelId"] = "skype";
        }

        var client = _bot.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = System.Net.Http.Json.JsonContent.Create(activity) };
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", header);
        }

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var detail = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var reason = problem switch
        {
            "none" => "no Authorization header",
            "not-bearer" => "not 'Bearer <token>'",
            "garbage" => "not a JWT",
            "wrong-audience" => "another audience",
            "wrong-issuer" => "issuer",
            "expired" => "expired",
            "unknown-key" => "unknown key",
            "bad-signature" => "signature is invalid",
            "unendorsed-key" => "no endorsements",
            "channel-not-endorsed" => "not endorsed for channel 'skype'",
            "serviceurl-mismatch" => "serviceurl claim",
            _ => "token",
        };
        Assert.True(detail.Contains(reason, StringComparison.Ordinal), $"expected '{reason}' in {detail}");
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.Empty(_channel.Replies);
    }

    [Fact]
    public async Task TokenJustWithinTheFiveMinuteSkew_IsAccepted()
    {
        var token = _channel.IssueToken(AppId, _channel.ServiceUrl, expires: DateTime.UtcNow.AddMinutes(-3));

        var response = await _bot.PostActivityAsync(Activities.Message(_channel.ServiceUrl, "Who is the judge?"), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SigningKeysOutOfReach_Gets401AndAnErrorLogLine_NotA500()
    {
        // Nothing listens on the metadata port: the handler's metadata fetch throws, outside token validation.
        var logs = new Microsoft.Extensions.Logging.Testing.FakeLoggerProvider();
        await using var bot = new BotFactory(
            new Dictionary<string, string?>
            {
                ["MicrosoftAppId"] = AppId,
                ["MicrosoftAppPassword"] = "not-a-real-secret",
                ["OpenIdMetadataUrl"] = "http://127.0.0.1:9/openid",
                ["Bot:AllowedServiceHosts:0"] = "127.0.0.1",
            },
            logs);

        var response = await bot.PostActivityAsync(Activities.Message(_channel.ServiceUrl, "Who is the judge?"), _channel.IssueToken(AppId, _channel.ServiceUrl));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var detail = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(detail.Contains("signing keys could not be fetched", StringComparison.Ordinal), detail);
        Assert.Contains(logs.Collector.GetSnapshot(), r => r.Level == Microsoft.Extensions.Logging.LogLevel.Error && r.Message.Contains("signing keys could not be fetched", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2.0", "azp", AppId, HttpStatusCode.OK)]
    [InlineData("1.0", "appid", AppId, HttpStatusCode.OK)]
    [InlineData("2.0", "azp", "someone-else", HttpStatusCode.Unauthorized)]
    [InlineData("2.0", "appid", AppId, HttpStatusCode.Unauthorized)]
    public async Task EntraToken_IsAcceptedOnlyWhenIssuedToThisBot(string version, string appClaim, string issuedTo, HttpStatusCode expected)
    {
        // The Emulator and an authenticated Agents Playground send Entra ID tokens: another scheme, another issuer.
        var token = _channel.IssueToken(AppId, _channel.ServiceUrl, issuer: "https://login.microsoftonline.com/d6d49420-f39b-4df7-a1dc-d59a935871db/v2.0",
            claims: new Dictionary<string, object> { ["ver"] = version, [appClaim] = issuedTo });

        var response = await _bot.PostActivityAsync(Activities.Message(_channel.ServiceUrl, "Who is the judge?"), token);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK)
        {
            Assert.Single(await _channel.WaitForAsync(r => r.Type == "message"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _channel.DisposeAsync();
    }

    private static string Bearer(string token) => "Bearer " + token;

    private string Unsigned()
    {
        static string Part(string json) => Base64UrlEncoder.Encode(json);
        return $"{Part("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{Part($"{{\"iss\":\"https://api.botframework.com\",\"aud\":\"{AppId}\",\"serviceurl\":\"{_channel.ServiceUrl}\",\"exp\":{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}}}")}.";
    }
}
