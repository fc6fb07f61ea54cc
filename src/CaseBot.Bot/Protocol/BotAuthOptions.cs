namespace CaseBot.Bot.Protocol;

/// <summary>
/// The Bot Framework's own configuration keys (at the root of configuration, as the SDK reads them). Secrets come from
/// environment variables or user-secrets, never from appsettings.json. No app id means anonymous local mode.
/// </summary>
public sealed class BotAuthOptions
{
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

    public string Tenant =>
        string.Equals(MicrosoftAppType, "SingleTenant", StringComparison.OrdinalIgnoreCase) || string.Equals(MicrosoftAppType, "UserAssignedMSI", StringComparison.OrdinalIgnoreCase)
            ? MicrosoftAppTenantId ?? throw new InvalidOperationException("MicrosoftAppTenantId is required when MicrosoftAppType is SingleTenant or UserAssignedMSI.")
            : "botframework.com";
}
