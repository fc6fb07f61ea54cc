using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace CaseBot.Bot.Protocol;

/// <summary>The outcome of checking a request's Authorization header.</summary>
public sealed record AuthResult(bool Succeeded, string? Failure = null, ClaimsIdentity? Identity = null)
{
    public static AuthResult Anonymous { get; } = new(true);

    public static AuthResult Fail(string reason) => new(false, reason);
}

/// <summary>
/// Validates the Bot Connector JWT on inbound requests as the Bot Framework does (JwtTokenValidation): OpenID metadata
/// and signing keys (refreshed when a key id is unknown), issuer, audience = app id, lifetime with 5 minutes of skew,
/// the key's channel endorsements, and the <c>serviceurl</c> claim. Entra-issued tokens (Emulator, Playground) are
/// checked on their own path. With no app id configured, requests without a header are let in as anonymous.
/// </summary>
public sealed partial class BotAuthenticator
{
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

    private static readonly string[] EntraIssuers =
    [
        "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/",
        "https://login.microsoftonline.com/d6d49420-f39b-4df7-a1dc-d59a935871db/v2.0",
        "https://sts.windows.net/f8cdef31-a31e-4b4a-93e4-5f571e91255a/",
        "https://login.microsoftonline.com/f8cdef31-a31e-4b4a-93e4-5f571e91255a/v2.0",
    ];

    private readonly BotAuthOptions _options;
    private readonly ConfigurationManager<OpenIdConnectConfiguration> _channelMetadata;
    private readonly ConfigurationManager<OpenIdConnectConfiguration> _entraMetadata;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly ILogger<BotAuthenticator> _logger;

    public BotAuthenticator(IOptions<BotAuthOptions> options, IHttpClientFactory httpClients, ILogger<BotAuthenticator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClients);
        _options = options.Value;
        _logger = logger;
        // Signing keys come over HTTPS; plain HTTP only from a loopback authority (options validation refuses the rest).
        _channelMetadata = new ConfigurationManager<OpenIdConnectConfiguration>(_options.OpenIdMetadataUrl, new OpenIdConnectConfigurationRetriever(), Retriever(httpClients, _options.OpenIdMetadataUrl))
        {
            AutomaticRefreshInterval = TimeSpan.FromHours(24),
        };
        _entraMetadata = new ConfigurationManager<OpenIdConnectConfiguration>(_options.EntraOpenIdMetadataUrl, new OpenIdConnectConfigurationRetriever(), Retriever(httpClients, _options.EntraOpenIdMetadataUrl))
        {
            AutomaticRefreshInterval = TimeSpan.FromHours(24),
        };
    }

    public bool IsAnonymous => _options.IsAnonymous;

    private static HttpDocumentRetriever Retriever(IHttpClientFactory httpClients, string metadataUrl) =>
        new(httpClients.CreateClient(HttpClientNames.OpenId)) { RequireHttps = !BotAuthOptions.AllowsPlainHttp(metadataUrl) };

    public async Task<AuthResult> AuthenticateAsync(string? authorization, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (string.IsNullOrEmpty(authorization))
        {
            return _options.IsAnonymous ? AuthResult.Anonymous : AuthResult.Fail("no Authorization header");
        }

        var parts = authorization.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !string.Equals(parts[0], "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return AuthResult.Fail("the Authorization header is not 'Bearer <token>'");
        }

        if (_options.IsAnonymous)
        {
            return AuthResult.Fail("a token was sent but no MicrosoftAppId is configured to validate it");
        }

        JsonWebToken token;
        try
        {
            token = _handler.ReadJsonWebToken(parts[1]);
        }
        catch (ArgumentException)
        {
            return AuthResult.Fail("the token is not a JWT");
        }

        try
        {
            return token.Issuer == BotAuthOptions.ChannelIssuer
                ? await ValidateChannelTokenAsync(parts[1], token, activity, cancellationToken)
                : await ValidateEntraTokenAsync(parts[1], token, cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or IOException or SecurityTokenException)
        {
            Log.MetadataUnavailable(_logger, ex.GetType().Name, ex.Message);
            return AuthResult.Fail("the signing keys could not be fetched");
        }
    }

    private async Task<AuthResult> ValidateChannelTokenAsync(string raw, JsonWebToken token, Activity activity, CancellationToken cancellationToken)
    {
        var result = await ValidateAsync(raw, _channelMetadata, [BotAuthOptions.ChannelIssuer], cancellationToken);
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            _channelMetadata.RequestRefresh();
            result = await ValidateAsync(raw, _channelMetadata, [BotAuthOptions.ChannelIssuer], cancellationToken);
        }

        if (!result.IsValid)
        {
            return AuthResult.Fail(Describe(result.Exception));
        }

        var config = await _channelMetadata.GetConfigurationAsync(cancellationToken);
        var key = config.JsonWebKeySet?.Keys.FirstOrDefault(k => string.Equals(k.Kid, token.Kid, StringComparison.Ordinal));
        var endorsements = key is null ? [] : Endorsements(key);
        if (endorsements.Count == 0)
        {
            return AuthResult.Fail("the signing key has no endorsements");
        }

        if (string.IsNullOrEmpty(activity.ChannelId) || !endorsements.Contains(activity.ChannelId))
        {
            return AuthResult.Fail($"the signing key is not endorsed for channel '{activity.ChannelId}'");
        }

        var serviceUrl = token.TryGetPayloadValue<string>("serviceurl", out var claimed) ? claimed : null;
        if (serviceUrl is null || !string.Equals(serviceUrl, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase))
        {
            return AuthResult.Fail("the serviceurl claim does not match the activity's serviceUrl");
        }

        return new AuthResult(true, Identity: result.ClaimsIdentity);
    }

    private async Task<AuthResult> ValidateEntraTokenAsync(string raw, JsonWebToken token, CancellationToken cancellationToken)
    {
        var issuers = EntraIssuers.ToList();
        if (!string.IsNullOrEmpty(_options.MicrosoftAppTenantId))
        {
            issuers.Add($"https://sts.windows.net/{_options.MicrosoftAppTenantId}/");
            issuers.Add($"https://login.microsoftonline.com/{_options.MicrosoftAppTenantId}/v2.0");
        }

        if (!issuers.Contains(token.Issuer, StringComparer.Ordinal))
        {
            return AuthResult.Fail($"the issuer '{token.Issuer}' is not trusted");
        }

        var result = await ValidateAsync(raw, _entraMetadata, issuers, cancellationToken);
        if (!result.IsValid)
        {
            return AuthResult.Fail(Describe(result.Exception));
        }

        var version = token.TryGetPayloadValue<string>("ver", out var ver) ? ver : null;
        var appClaim = version switch
        {
            "1.0" => "appid",
            "2.0" => "azp",
            _ => null,
        };
        if (appClaim is null || !token.TryGetPayloadValue<string>(appClaim, out var appId) || !string.Equals(appId, _options.MicrosoftAppId, StringComparison.Ordinal))
        {
            return AuthResult.Fail("the token was not issued to this bot's app id");
        }

        return new AuthResult(true, Identity: result.ClaimsIdentity);
    }

    private async Task<TokenValidationResult> ValidateAsync(string raw, ConfigurationManager<OpenIdConnectConfiguration> metadata, IEnumerable<string> issuers, CancellationToken cancellationToken)
    {
        var config = await metadata.GetConfigurationAsync(cancellationToken);
        var parameters = new TokenValidationParameters
        {
            ValidIssuers = issuers,
            ValidAudience = _options.MicrosoftAppId,
            IssuerSigningKeys = config.SigningKeys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = Skew,
        };
        return await _handler.ValidateTokenAsync(raw, parameters);
    }

    private static HashSet<string> Endorsements(JsonWebKey key)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (!key.AdditionalData.TryGetValue("endorsements", out var value) || value is null)
        {
            return set;
        }

        switch (value)
        {
            case JsonElement { ValueKind: JsonValueKind.Array } array:
                foreach (var item in array.EnumerateArray())
                {
                    if (item.GetString() is { } s)
                    {
                        set.Add(s);
                    }
                }

                break;
            case IEnumerable<object> items:
                foreach (var item in items)
                {
                    if (item?.ToString() is { } s)
                    {
                        set.Add(s);
                    }
                }

                break;
        }

        return set;
    }

    private static string Describe(Exception? ex) => ex switch
    {
        SecurityTokenExpiredException => "the token has expired",
        SecurityTokenNotYetValidException => "the token is not valid yet",
        SecurityTokenInvalidAudienceException => "the token is for another audience",
        SecurityTokenInvalidIssuerException => "the token's issuer is not trusted",
        SecurityTokenSignatureKeyNotFoundException => "the token is signed by an unknown key",
        SecurityTokenInvalidSignatureException => "the token's signature is invalid",
        SecurityTokenInvalidAlgorithmException => "the token's signing algorithm is not allowed",
        null => "the token is invalid",
        _ => $"the token is invalid ({ex.GetType().Name})",
    };

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Error, Message = "Bot Framework signing keys could not be fetched: {Error}: {Message}")]
        public static partial void MetadataUnavailable(ILogger logger, string error, string message);
    }
}

/// <summary>Names of the HTTP clients the protocol layer uses (tests replace their handlers).</summary>
public static class HttpClientNames
{
    public const string OpenId = "botframework-openid";
    public const string Connector = "botframework-connector";
}
