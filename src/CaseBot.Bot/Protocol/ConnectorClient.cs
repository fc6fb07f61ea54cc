using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;

namespace CaseBot.Bot.Protocol;

/// <summary>Supplies the Authorization header for calls to the Connector; none in anonymous mode.</summary>
public interface IConnectorTokenProvider
{
    Task<string?> GetTokenAsync(CancellationToken cancellationToken);
}

/// <summary>Client-credentials tokens from MSAL (cached by MSAL until shortly before they expire).</summary>
public sealed class MsalConnectorTokenProvider : IConnectorTokenProvider
{
    private readonly BotAuthOptions _options;
    private readonly Lazy<IConfidentialClientApplication?> _app;

    public MsalConnectorTokenProvider(IOptions<BotAuthOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _app = new Lazy<IConfidentialClientApplication?>(() => _options.IsAnonymous
            ? null
            : ConfidentialClientApplicationBuilder.Create(_options.MicrosoftAppId)
                .WithClientSecret(_options.MicrosoftAppPassword ?? throw new InvalidOperationException("MicrosoftAppPassword is required to send replies when MicrosoftAppId is set."))
                .WithAuthority($"{_options.AuthorityHost.TrimEnd('/')}/{_options.GetTenant()}")
                .Build());
    }

    public async Task<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_app.Value is not { } app)
        {
            return null;
        }

        var result = await app.AcquireTokenForClient([_options.ConnectorScope]).ExecuteAsync(cancellationToken);
        return result.AccessToken;
    }
}

/// <summary>
/// Sends activities to a channel's Connector: <c>{serviceUrl}v3/conversations/{id}/activities/{replyToId}</c>, ids
/// URL-encoded, JSON body. 200/201 with <c>{"id"}</c> and 202 with an empty body are success. Retries on 429 and 5xx
/// (honouring Retry-After) come from the resilience handler registered on the HTTP client. Nothing is sent to a
/// serviceUrl the <see cref="ServiceUrlAllowList"/> refuses.
/// </summary>
public sealed class ConnectorClient(HttpClient http, IConnectorTokenProvider tokens, ServiceUrlAllowList allowList)
{
    public async Task<string?> SendAsync(Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (!allowList.IsAllowed(activity.ServiceUrl, activity.Conversation?.Id))
        {
            throw new ServiceUrlRefusedException("Replies to this serviceUrl are not allowed (see Bot:AllowedServiceHosts).");
        }

        var uri = ActivitiesUri(
            activity.ServiceUrl ?? throw new InvalidOperationException("The activity has no serviceUrl to reply to."),
            activity.Conversation?.Id ?? throw new InvalidOperationException("The activity has no conversation id."),
            activity.ReplyToId);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = JsonContent.Create(activity, options: ActivityJson.Options),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (await tokens.GetTokenAsync(cancellationToken) is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new ConnectorException(response.StatusCode, $"The connector at {uri.GetLeftPart(UriPartial.Authority)} answered {(int)response.StatusCode}: {Shorten(body)}");
        }

        if (response.StatusCode == HttpStatusCode.Accepted || response.Content.Headers.ContentLength == 0)
        {
            return null;
        }

        try
        {
            var resource = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            return resource.ValueKind == JsonValueKind.Object && resource.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The reply URL: serviceUrl with or without its trailing slash (any path prefix kept), ids escaped.</summary>
    public static Uri ActivitiesUri(string serviceUrl, string conversationId, string? replyToId)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        var baseUrl = serviceUrl.EndsWith('/') ? serviceUrl : serviceUrl + "/";
        var path = $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities";
        if (!string.IsNullOrEmpty(replyToId))
        {
            path += "/" + Uri.EscapeDataString(replyToId);
        }

        return new Uri(new Uri(baseUrl, UriKind.Absolute), path);
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}

public class ConnectorException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
}
