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
