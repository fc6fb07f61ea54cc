using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CaseBot.Testing;

/// <summary>
/// A local stand-in for a channel on 127.0.0.1: a Connector that records the bot's replies (and can be told to fail),
/// and an OpenID metadata document with a signing key it generated, so tokens can be issued and checked offline.
/// </summary>
public sealed class ChannelStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _failures = new();

    public ChannelStub()
    {
        (_app, BaseUrl) = LoopbackHost.StartAsync(app =>
        {
            app.MapPost("/_connector/v3/conversations/{conversation}/activities/{**replyTo}", Receive);
            app.MapPost("/_connector/v3/conversations/{conversation}/activities", Receive);
            app.MapGet("/openid", () => Results.Json(new JsonObject
            {
                ["issuer"] = "https://api.botframework.com",
                ["jwks_uri"] = $"{BaseUrl}/keys",
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            }));
            app.MapGet("/keys", () => Results.Content(Jwks(), "application/json"));
        }).GetAwaiter().GetResult();
    }

    public string BaseUrl { get; }

    /// <summary>The serviceUrl channels put on activities (no trailing slash, with a path prefix, like the Playground).</summary>
    public string ServiceUrl => $"{BaseUrl}/_connector";

    public string OpenIdUrl => $"{BaseUrl}/openid";

    public RsaSecurityKey SigningKey { get; } = new(RSA.Create(2048)) { KeyId = "stub-key-1" };

    public RsaSecurityKey UnendorsedKey { get; } = new(RSA.Create(2048)) { KeyId = "stub-key-unendorsed" };

    public ConcurrentQueue<Received> Replies { get; } = new();

    public int Attempts => _attempts;

    /// <summary>How long each delivery takes to be answered (a slow Connector keeps turns in flight).</summary>
    public TimeSpan Delay { get; set; }

    private const int Hang = -1;

    private int _attempts;

    /// <summary>The next requests get these status codes (then 201 again).</summary>
    public void FailNext(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _failures.Enqueue(status);
        }
    }

    /// <summary>The next <paramref name="count"/> requests get no answer until the caller gives up.</summary>
    public void HangNext(int count) => FailNext([.. Enumerable.Repeat(Hang, count)]);

    public async Task<List<Received>> WaitForAsync(Func<Received, bool> match, int count = 1, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (DateTime.UtcNow < deadline)
        {
            var found = Replies.Where(match).ToList();
            if (found.Count >= count)
            {
                return found;
            }

            await Task.Delay(25);
        }

        return [.. Replies.Where(match)];
    }

    public string IssueToken(string audience, string channelServiceUrl, RsaSecurityKey? key = null, string issuer = "https://api.botframework.com", DateTime? expires = null, IReadOnlyDictionary<string, object>? claims = null)
    {
        var payload = new Dictionary<string, object> { ["serviceurl"] = channelServiceUrl };
        foreach (var (name, value) in claims ?? new Dictionary<string, object>())
        {
            payload[name] = value;
        }

        var notBefore = (expires ?? DateTime.UtcNow.AddHours(1)).AddHours(-2);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            NotBefore = notBefore,
            IssuedAt = notBefore,
            Expires = expires ?? DateTime.UtcNow.AddHours(1),
            Claims = payload,
            SigningCredentials = new SigningCredentials(key ?? SigningKey, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> Receive(HttpContext http, string conversation, string? replyTo)
    {
        Interlocked.Increment(ref _attempts);
        if (_failures.TryDequeue(out var status))
        {
            if (status == Hang)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return Results.Empty;
            }

            if (status == 429)
            {
                http.Response.Headers.RetryAfter = "0";
            }

            return Results.StatusCode(status);
        }

        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, http.RequestAborted);
        }

        var body = await JsonNode.ParseAsync(http.Request.Body);
        var id = Guid.NewGuid().ToString("N");
        Replies.Enqueue(new Received(http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget, http.Request.ContentType, http.Request.Headers.Authorization.ToString(), (JsonObject)body!, id));
        // As Teams: a plain typing gets 202; the first chunk of a stream gets 201 with the stream id; later chunks 202.
        var entities = body?["entities"] as JsonArray;
        var info = entities?.FirstOrDefault(e => e?["type"]?.GetValue<string>() == "streaminfo");
        if (body?["type"]?.GetValue<string>() == "typing")
        {
            return info is not null && info["streamId"] is null ? Results.Json(new { id = "stream-" + Guid.NewGuid().ToString("N") }, statusCode: 201) : Results.StatusCode(202);
        }

        return Results.Json(new { id }, statusCode: 201);
    }

    private string Jwks()
    {
        static JsonObject Key(RsaSecurityKey key, string[] endorsements)
        {
            var p = key.Rsa.ExportParameters(false);
            return new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = key.KeyId,
                ["n"] = Base64UrlEncoder.Encode(p.Modulus),
                ["e"] = Base64UrlEncoder.Encode(p.Exponent),
                ["endorsements"] = new JsonArray([.. endorsements.Select(e => (JsonNode)e)]),
            };
        }

        return new JsonObject { ["keys"] = new JsonArray(Key(SigningKey, ["msteams", "directline", "webchat"]), Key(UnendorsedKey, [])) }.ToJsonString();
    }

    /// <summary>One activity the bot sent, and the id the stub gave it (as the Connector's response says).</summary>
    public sealed record Received(string Path, string? ContentType, string Authorization, JsonObject Activity, string? Id = null)
    {
        public string? Type => Activity["type"]?.GetValue<string>();

        public string? Text => Activity["text"]?.GetValue<string>();

        public string? ConversationId => Activity["conversation"]?["id"]?.GetValue<string>();
    }
}
