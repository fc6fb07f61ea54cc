using System.Text.Json;
using Microsoft.Extensions.Options;

namespace CaseBot.Bot.Protocol;

/// <summary>Limits of the inbound endpoint.</summary>
public sealed class BotEndpointOptions
{
    public const string SectionName = "Bot";

    /// <summary>Largest request body accepted, in bytes (413 above).</summary>
    public int MaxRequestBytes { get; set; } = 256 * 1024;

    /// <summary>Activities accepted per conversation per minute (429 above).</summary>
    public int PerConversationPerMinute { get; set; } = 120;

    /// <summary>
    /// With a MicrosoftAppId configured, Direct Line tokens are only issued to callers presenting this secret (as
    /// <c>Authorization: Bearer …</c>, like Azure Direct Line); environment or user-secrets only.
    /// </summary>
    public string? DirectLineSecret { get; set; }

    /// <summary>Requests per client address per minute on the Direct Line endpoint and the page (429 above).</summary>
    public int PerClientPerMinute { get; set; } = 600;

    /// <summary>How long one delivery attempt to the Connector may take before it is abandoned and retried, in seconds.</summary>
    public int ConnectorAttemptTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// Hosts replies may go to (<c>*.</c> for subdomains); unset: <see cref="ServiceUrlAllowList.ChannelHosts"/>.
    /// Loopback is allowed in anonymous mode anyway.
    /// </summary>
    public string[]? AllowedServiceHosts { get; set; }

    /// <summary>On shutdown, how long turns in flight may take to finish before they are cancelled, in seconds.</summary>
    public int ShutdownDrainSeconds { get; set; } = 20;
}

/// <summary>
/// <c>POST /api/messages</c>: read and check the Activity (400/413), authenticate (401), then answer invokes and
/// <c>expectReplies</c> in the response and queue everything else (200 at once, replies through the Connector).
/// </summary>
public static partial class MessagesEndpoint
{
    public static IEndpointRouteBuilder MapBotMessages(this IEndpointRouteBuilder endpoints, string pattern = "/api/messages")
    {
        endpoints.MapPost(pattern, HandleAsync);
        endpoints.MapMethods(pattern, ["GET", "PUT", "DELETE", "PATCH"], () => Results.StatusCode(StatusCodes.Status405MethodNotAllowed));
        return endpoints;
    }

    private static async Task<IResult> HandleAsync(
        HttpContext http,
        IOptions<BotAuthOptions> authOptions,
        IBot bot,
        TurnScheduler queue,
        ConnectorClient connector,
        IOptions<BotEndpointOptions> options,
        ConversationRateLimiter limiter,
        ServiceUrlAllowList allowList,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("CaseBot.Bot.Messages");
        var (activity, problem) = await ActivityReader.ReadAsync(http.Request, options.Value.MaxRequestBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var refused = await BotAuthentication.AuthenticateAsync(http, activity!, authOptions.Value);
        if (refused is not null)
        {
            Log.Unauthorized(logger, refused, activity!.ChannelId);
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: refused);
        }

        if (!limiter.TryAcquire($"{activity!.ChannelId}:{activity.Conversation?.Id}", out var retryAfter))
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests", detail: "This conversation is sending too fast; slow down.");
        }

        if (activity.Type == ActivityTypes.Invoke)
        {
            var response = await bot.OnTurnAsync(new TurnContext(activity, new ConnectorSink(connector)), cancellationToken)
                ?? new InvokeResponse(StatusCodes.Status501NotImplemented);
            return response.Body is null ? Results.StatusCode(response.Status) : Results.Json(response.Body, ActivityJson.Options, statusCode: response.Status);
        }

        if (string.Equals(activity.DeliveryMode, ActivityTypes.ExpectReplies, StringComparison.OrdinalIgnoreCase))
        {
            var sink = new CollectingSink();
            await bot.OnTurnAsync(new TurnContext(activity, sink), cancellationToken);
            return Results.Json(new { activities = sink.Activities }, ActivityJson.Options);
        }

        if (string.IsNullOrEmpty(activity.ServiceUrl) || activity.Conversation?.Id is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad activity", detail: "An activity needs serviceUrl and conversation.id so that the bot can reply.");
        }

        // Refused before any work is done: the reply could not be sent anyway (the Connector client checks again).
        if (!allowList.IsAllowed(activity.ServiceUrl, activity.Conversation.Id))
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "serviceUrl not allowed", detail: "The bot does not send replies to this serviceUrl's host.");
        }

        if (!queue.TryEnqueue(new TurnContext(activity, new ConnectorSink(connector)), bot))
        {
            if (queue.IsStopping)
            {
                return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Shutting down", detail: "This instance is shutting down; send the activity again.");
            }

            http.Response.Headers.RetryAfter = "1";
            return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Busy", detail: "Too many turns are waiting; try again shortly.");
        }

        return Results.Ok();
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an activity from channel {ChannelId}: {Reason}")]
        public static partial void Unauthorized(ILogger logger, string reason, string? channelId);
    }
}

/// <summary>Reads an Activity from a request body with a size limit, as a problem result when it can't.</summary>
public static class ActivityReader
{
    public static async Task<(Activity? Activity, IResult? Problem)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (null, TooLarge(maxBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return (null, Bad("The request has no body; send one Activity as JSON."));
        }

        Activity? activity;
        try
        {
            activity = JsonSerializer.Deserialize<Activity>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), ActivityJson.Options);
        }
        catch (JsonException ex)
        {
            return (null, Bad($"The body is not a valid Activity: {ex.Message}"));
        }

        if (activity is null || string.IsNullOrWhiteSpace(activity.Type))
        {
            return (null, Bad("The Activity has no 'type'."));
        }

        return (activity, null);
    }

    private static IResult Bad(string detail) => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: detail);

    private static IResult TooLarge(int maxBytes) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large", detail: $"The body is larger than {maxBytes:N0} bytes.");
}
