using System.Net;
using Microsoft.Extensions.Options;

namespace CaseBot.Bot.Protocol;

/// <summary>
/// Which Connectors the bot may reply to. A reply goes to the activity's <c>serviceUrl</c>, which the caller names, so
/// an unchecked one would let anyone make the bot post to any address. Allowed: the configured hosts
/// (<c>Bot:AllowedServiceHosts</c>; by default the Bot Framework and Teams channel hosts) over HTTPS, and loopback in
/// anonymous mode (the local Web Chat, the Agents Playground, tests).
/// </summary>
public sealed partial class ServiceUrlAllowList(IOptions<BotEndpointOptions> endpoint, IOptions<BotAuthOptions> auth, ILogger<ServiceUrlAllowList> logger)
{
    /// <summary>
    /// The channel hosts. <c>*.</c> means any subdomain. Only <c>smba.trafficmanager.net</c> of trafficmanager.net:
    /// any Azure customer can create a name under that domain.
    /// </summary>
    public static readonly string[] ChannelHosts =
    [
        "*.botframework.com",
        "*.botframework.us",
        "*.botframework.azure.us",
        "*.botframework.azure.cn",
        "smba.trafficmanager.net",
        "*.teams.microsoft.com",
        "*.teams.microsoft.us",
    ];

    private readonly string[] _hosts = endpoint.Value.AllowedServiceHosts is { Length: > 0 } configured ? configured : ChannelHosts;

    /// <summary>True when replies may go to <paramref name="serviceUrl"/>; a refusal is logged with the host.</summary>
    public bool IsAllowed(string? serviceUrl, string? conversationId)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            Log.Refused(logger, serviceUrl ?? "(none)", conversationId, "it is not an http(s) URL");
            return false;
        }

        if (IsLoopback(uri))
        {
            if (auth.Value.IsAnonymous || Listed(uri.Host))
            {
                return true;
            }

            Log.Refused(logger, uri.Host, conversationId, "loopback is allowed only in anonymous mode or when listed in Bot:AllowedServiceHosts");
            return false;
        }

        if (!Listed(uri.IdnHost))
        {
            Log.Refused(logger, uri.IdnHost, conversationId, "the host is not in Bot:AllowedServiceHosts");
            return false;
        }

        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            Log.Refused(logger, uri.IdnHost, conversationId, "replies leave the machine only over https");
            return false;
        }

        return true;
    }

    private bool Listed(string host)
    {
        host = host.TrimEnd('.');
        foreach (var entry in _hosts)
        {
            var allowed = entry.Trim();
            if (allowed.StartsWith("*.", StringComparison.Ordinal)
                ? host.EndsWith(allowed[1..], StringComparison.OrdinalIgnoreCase) && host.Length > allowed.Length - 1
                : string.Equals(host, allowed, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Refused to reply to {Host} in conversation {ConversationId}: {Reason}")]
        public static partial void Refused(ILogger logger, string host, string? conversationId, string reason);
    }
}

/// <summary>A reply was not sent because its serviceUrl is not allowed (already logged by <see cref="ServiceUrlAllowList"/>).</summary>
public sealed class ServiceUrlRefusedException(string message) : ConnectorException(HttpStatusCode.Forbidden, message);
