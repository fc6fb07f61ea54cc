using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CaseBot.Bot.Protocol;

/// <summary>
/// Inbound authentication of <c>/api/messages</c> through ASP.NET Core's JwtBearer handler, as the Agents SDK does it:
/// one JwtBearer scheme for Bot Connector tokens (channels: Teams, Direct Line, Web Chat) and one for Entra ID tokens
/// (Emulator, authenticated Agents Playground), each with its own OpenID metadata, behind a policy scheme that picks by
/// the token's issuer. The handler checks signature (signing keys refreshed when a key id is unknown), issuer, audience =
/// app id, algorithm and lifetime with 5 minutes of skew; its events add the Bot Framework's own checks (the key's
/// channel endorsements and the <c>serviceurl</c> claim for channel tokens, the app id claim for Entra tokens). With
/// no app id configured, requests without a header are let in as anonymous.
/// </summary>
public static partial class BotAuthentication
{
    /// <summary>The policy scheme the endpoint authenticates with.</summary>
    public const string Scheme = "BotFramework";

    /// <summary>Bot Connector tokens (issuer <see cref="BotAuthOptions.ChannelIssuer"/>).</summary>
    public const string ChannelScheme = "BotFramework.Channel";

    /// <summary>Entra ID tokens.</summary>
    public const string EntraScheme = "BotFramework.Entra";

    private static readonly object ActivityKey = new();

    private static readonly string[] EntraIssuers =
    [
        "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/",
        "https://login.microsoftonline.com/d6d49420-f39b-4df7-a1dc-d59a935871db/v2.0",
        "https://sts.windows.net/f8cdef31-a31e-4b4a-93e4-5f571e91255a/",
        "https://login.microsoftonline.com/f8cdef31-a31e-4b4a-93e4-5f571e91255a/v2.0",
    ];

    /// <summary>Registers the three schemes; their options come from <see cref="BotAuthOptions"/>.</summary>
    public static IServiceCollection AddBotAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddJwtBearer(ChannelScheme)
            .AddJwtBearer(EntraScheme)
            .AddPolicyScheme(Scheme, displayName: null, o => o.ForwardDefaultSelector = SelectScheme);
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, ConfigureJwtBearer>();
        return services;
    }

    /// <summary>
    /// Authenticates a request whose Activity has been read (the channel checks need it). Returns null when the caller
    /// may go on (a valid token, or no header in anonymous mode) and otherwise why not, for the 401.
    /// </summary>
    public static async Task<string?> AuthenticateAsync(HttpContext http, Activity activity, BotAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        var header = http.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return options.IsAnonymous ? null : "no Authorization header";
        }

        if (options.IsAnonymous)
        {
            return "a token was sent but no MicrosoftAppId is configured to validate it";
        }

        http.Items[ActivityKey] = activity;
        var result = await http.AuthenticateAsync(Scheme);
        if (result.Succeeded)
        {
            http.User = result.Principal;
            return null;
        }

        return result.None ? "the Authorization header is not 'Bearer <token>'" : Describe(result.Failure);
    }

    /// <summary>Channel tokens are issued by the Bot Connector; everything else is checked as an Entra token.</summary>
    private static string SelectScheme(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        var raw = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        if (raw is null)
        {
            return ChannelScheme;
        }

        try
        {
            return new JsonWebToken(raw).Issuer == BotAuthOptions.ChannelIssuer ? ChannelScheme : EntraScheme;
        }
        catch (ArgumentException)
        {
            // Not a JWT at all: the channel scheme's handler says so.
            return ChannelScheme;
        }
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
        SecurityTokenMalformedException or ArgumentException => "the token is not a JWT",
        AuthenticationFailureException => ex.Message,
        null => "the token is invalid",
        _ => $"the token is invalid ({ex.GetType().Name})",
    };

    /// <summary>The Bot Framework's checks after the handler's: endorsements and <c>serviceurl</c> for channel tokens.</summary>
    private static async Task ValidateChannelTokenAsync(TokenValidatedContext context)
    {
        var activity = context.HttpContext.Items[ActivityKey] as Activity;
        if (context.SecurityToken is not JsonWebToken token || activity is null || context.Options.ConfigurationManager is null)
        {
            context.Fail("the token could not be checked against the activity");
            return;
        }

        var config = await context.Options.ConfigurationManager.GetConfigurationAsync(context.HttpContext.RequestAborted);
        var key = config.JsonWebKeySet?.Keys.FirstOrDefault(k => string.Equals(k.Kid, token.Kid, StringComparison.Ordinal));
        var endorsements = key is null ? [] : Endorsements(key);
        if (endorsements.Count == 0)
        {
            context.Fail("the signing key has no endorsements");
            return;
        }

        if (string.IsNullOrEmpty(activity.ChannelId) || !endorsements.Contains(activity.ChannelId))
        {
            context.Fail($"the signing key is not endorsed for channel '{activity.ChannelId}'");
            return;
        }

        var serviceUrl = token.TryGetPayloadValue<string>("serviceurl", out var claimed) ? claimed : null;
        if (serviceUrl is null || !string.Equals(serviceUrl, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase))
        {
            context.Fail("the serviceurl claim does not match the activity's serviceUrl");
        }
    }

    /// <summary>An Entra token must have been issued to this bot: <c>appid</c> (v1) or <c>azp</c> (v2) is the app id.</summary>
    private static Task ValidateEntraToken(TokenValidatedContext context, string appId)
    {
        if (context.SecurityToken is not JsonWebToken token)
        {
            context.Fail("the token is invalid");
            return Task.CompletedTask;
        }

        var version = token.TryGetPayloadValue<string>("ver", out var ver) ? ver : null;
        var appClaim = version switch
        {
            "1.0" => "appid",
            "2.0" => "azp",
            _ => null,
        };
        if (appClaim is null || !token.TryGetPayloadValue<string>(appClaim, out var issuedTo) || !string.Equals(issuedTo, appId, StringComparison.Ordinal))
        {
            context.Fail("the token was not issued to this bot's app id");
        }

        return Task.CompletedTask;
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

    /// <summary>Both JwtBearer schemes from <see cref="BotAuthOptions"/>: metadata, issuers, audience and the events above.</summary>
    private sealed class ConfigureJwtBearer(IOptions<BotAuthOptions> botOptions, IHttpClientFactory httpClients, ILoggerFactory loggers) : IConfigureNamedOptions<JwtBearerOptions>
    {
        private readonly ILogger _logger = loggers.CreateLogger(typeof(BotAuthentication).FullName!);

        public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);

        public void Configure(string? name, JwtBearerOptions options)
        {
            var bot = botOptions.Value;
            string metadata;
            List<string> issuers;
            Func<TokenValidatedContext, Task> validated;
            switch (name)
            {
                case ChannelScheme:
                    metadata = bot.OpenIdMetadataUrl;
                    issuers = [BotAuthOptions.ChannelIssuer];
                    validated = ValidateChannelTokenAsync;
                    break;
                case EntraScheme:
                    metadata = bot.EntraOpenIdMetadataUrl;
                    issuers = [.. EntraIssuers];
                    if (!string.IsNullOrEmpty(bot.MicrosoftAppTenantId))
                    {
                        issuers.Add($"https://sts.windows.net/{bot.MicrosoftAppTenantId}/");
                        issuers.Add($"https://login.microsoftonline.com/{bot.MicrosoftAppTenantId}/v2.0");
                    }

                    var appId = bot.MicrosoftAppId ?? string.Empty;
                    validated = context => ValidateEntraToken(context, appId);
                    break;
                default:
                    return;
            }

            // Signing keys come over HTTPS; plain HTTP only from a loopback authority (options validation refuses the rest).
            options.MetadataAddress = metadata;
            options.RequireHttpsMetadata = !BotAuthOptions.AllowsPlainHttp(metadata);
            options.Backchannel = httpClients.CreateClient(HttpClientNames.OpenId);
            options.AutomaticRefreshInterval = TimeSpan.FromHours(24);
            options.RefreshOnIssuerKeyNotFound = true;
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuers = issuers,
                ValidAudience = bot.MicrosoftAppId,
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512],
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                ValidateLifetime = true,
                ClockSkew = TimeSpan.FromMinutes(5),
            };
            options.Events = new JwtBearerEvents
            {
                OnTokenValidated = validated,
                OnAuthenticationFailed = async context =>
                {
                    // Keys that could not be fetched show up as a key not found (the token handler reads the metadata
                    // itself) or as an exception outside validation: ask the metadata once more to tell which.
                    var problem = context.Exception;
                    if (problem is SecurityTokenSignatureKeyNotFoundException && context.Options.ConfigurationManager is { } metadata)
                    {
                        try
                        {
                            _ = await metadata.GetConfigurationAsync(context.HttpContext.RequestAborted);
                        }
                        catch (Exception ex) when (IsUnreachable(ex))
                        {
                            problem = ex;
                        }
                    }

                    if (IsUnreachable(problem))
                    {
                        Log.MetadataUnavailable(_logger, problem.GetType().Name, problem.Message);
                        context.Fail("the signing keys could not be fetched");
                    }
                    else
                    {
                        context.Fail(problem);
                    }
                },
            };
        }
    }

    private static bool IsUnreachable(Exception ex) => ex is InvalidOperationException or HttpRequestException or IOException;

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
