using System.ComponentModel.DataAnnotations;

namespace CaseBot.Bot.Protocol;

/// <summary>
/// The Bot Framework's own configuration keys (at the root of configuration, as the SDK reads them). Secrets come from
/// environment variables or user-secrets, never from appsettings.json. No app id means anonymous local mode.
/// </summary>
public sealed class BotAuthOptions : IValidatableObject
{
    private static readonly string[] AppTypes = ["MultiTenant", "SingleTenant", "UserAssignedMSI"];

    public const string ChannelIssuer = "https://api.botframework.com";

    public string? MicrosoftAppType { get; set; } = "MultiTenant";

    public string? MicrosoftAppId { get; set; }

    public string? MicrosoftAppPassword { get; set; }

    public string? MicrosoftAppTenantId { get; set; }

    /// <summary>OpenID metadata of the Bot Connector service (tokens from channels: Teams, Direct Line, Web Chat).</summary>
    public string OpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>OpenID metadata for Entra ID tokens (Emulator, authenticated Agents Playground).</summary>
    public string EntraOpenIdMetadataUrl { get; set; } = "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration";

    /// <summary>Scope of outbound tokens for the Connector.</summary>
    public string ConnectorScope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>The login authority (tests and sovereign clouds may change it).</summary>
    public string AuthorityHost { get; set; } = "https://login.microsoftonline.com";

    public bool IsAnonymous => string.IsNullOrWhiteSpace(MicrosoftAppId);

    /// <summary>The tenant outbound tokens come from (a method: options validation reads every property).</summary>
    public string GetTenant() =>
        string.Equals(MicrosoftAppType, "SingleTenant", StringComparison.OrdinalIgnoreCase) || string.Equals(MicrosoftAppType, "UserAssignedMSI", StringComparison.OrdinalIgnoreCase)
            ? MicrosoftAppTenantId ?? throw new InvalidOperationException("MicrosoftAppTenantId is required when MicrosoftAppType is SingleTenant or UserAssignedMSI.")
            : "botframework.com";

    /// <summary>
    /// Whether signing keys may be fetched from <paramref name="metadataUrl"/> without HTTPS: only from this machine
    /// (a local test or development authority); anywhere else a man in the middle could hand out keys.
    /// </summary>
    public static bool AllowsPlainHttp(string metadataUrl) =>
        Uri.TryCreate(metadataUrl, UriKind.Absolute, out var uri) && uri.IsLoopback;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IsAnonymous)
        {
            yield break;
        }

        foreach (var (name, url) in new[] { (nameof(OpenIdMetadataUrl), OpenIdMetadataUrl), (nameof(EntraOpenIdMetadataUrl), EntraOpenIdMetadataUrl) })
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && !AllowsPlainHttp(url)))
            {
                yield return new ValidationResult($"{name} must be an https:// address (plain http only for a loopback authority), not '{url}'.", [name]);
            }
        }

        if (!AppTypes.Contains(MicrosoftAppType, StringComparer.OrdinalIgnoreCase))
        {
            yield return new ValidationResult($"MicrosoftAppType must be {string.Join(", ", AppTypes[..^1])} or {AppTypes[^1]} (not '{MicrosoftAppType}').", [nameof(MicrosoftAppType)]);
        }
        else if (!string.Equals(MicrosoftAppType, "MultiTenant", StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(MicrosoftAppTenantId))
        {
            yield return new ValidationResult($"MicrosoftAppTenantId is required when MicrosoftAppType is {MicrosoftAppType}.", [nameof(MicrosoftAppTenantId)]);
        }

        if (!string.Equals(MicrosoftAppType, "UserAssignedMSI", StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(MicrosoftAppPassword))
        {
            yield return new ValidationResult("MicrosoftAppPassword is required to send replies when MicrosoftAppId is set (environment variable or user-secrets).", [nameof(MicrosoftAppPassword)]);
        }
    }
}
