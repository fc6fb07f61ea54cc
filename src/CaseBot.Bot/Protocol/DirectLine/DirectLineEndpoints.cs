using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace CaseBot.Bot.Protocol.DirectLine;

/// <summary>
/// A Direct Line 3.0-compatible server under <c>/v3/directline</c> for Web Chat and DirectLineJS (polling): tokens,
/// conversations, posting an activity (echoed back with an id and its <c>clientActivityID</c>), and reading the history
/// by watermark. It plays the channel: it hands activities to the bot in-process and stores the bot's replies.
/// Every conversation route needs the token CaseBot issued for that conversation.
/// </summary>
public static class DirectLineEndpoints
{
    public const string BotId = "casebot";
    public const string BotName = "CaseBot";

    public static IEndpointRouteBuilder MapDirectLine(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/v3/directline").RequireRateLimiting(ProtocolServiceCollectionExtensions.PerClientPolicy);
        group.MapPost("/tokens/generate", (HttpRequest request, DirectLineStore store, IOptions<BotAuthOptions> auth, IOptions<BotEndpointOptions> options) =>
            MayStart(request, auth.Value, options.Value) ? Results.Ok(TokenBody(store.Create())) : Results.Unauthorized());
        group.MapPost("/tokens/refresh", (HttpRequest request, DirectLineStore store) =>
            store.ByToken(request.Headers.Authorization) is { } conversation
                ? Results.Ok(TokenBody(conversation, store.Refresh(conversation)))
                : Results.StatusCode(StatusCodes.Status403Forbidden));
        group.MapPost("/conversations", StartAsync);
        // Reconnecting (a page reloaded with its stored token and conversation id): the conversation as it stands; the
        // client then reads its history from the watermark it gives (none: from the start).
        group.MapGet("/conversations/{id}", (string id, string? watermark, HttpRequest request, DirectLineStore store) =>
            Authorized(id, request, store) is not { } conversation ? Denied(id, store)
            : Watermark(watermark) is null ? BadWatermark()
            : Results.Ok(TokenBody(conversation)));
        group.MapPost("/conversations/{id}/activities", PostActivityAsync);
        group.MapGet("/conversations/{id}/activities", (string id, string? watermark, HttpRequest request, DirectLineStore store) =>
        {
            if (Authorized(id, request, store) is not { } conversation)
            {
                return Denied(id, store);
            }

            if (Watermark(watermark) is not { } from)
            {
                return BadWatermark();
            }

            var (activities, next) = conversation.After(from);
            return Results.Json(new { activities, watermark = next.ToString(CultureInfo.InvariantCulture) }, ActivityJson.Options);
        });
        return endpoints;
    }

    private static async Task<IResult> StartAsync(HttpRequest request, DirectLineStore store, IBot bot, TurnScheduler queue, IOptions<BotAuthOptions> auth, IOptions<BotEndpointOptions> options, CancellationToken cancellationToken)
    {
        var existing = store.ByToken(request.Headers.Authorization);
        if (existing is null && !MayStart(request, auth.Value, options.Value))
        {
            return Results.Unauthorized();
        }

        var conversation = existing ?? store.Create();
        if (existing is not null && existing.Started)
        {
            return Results.Ok(TokenBody(conversation));
        }

        conversation.Started = true;

        string? userId = null;
        if (request.ContentLength is > 0 and < 16 * 1024)
        {
            try
            {
                var body = await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken);
                userId = Json.Text(Json.Child(body, "user"), "id");
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: "The body must be JSON like {\"user\":{\"id\":\"...\"}}.");
            }
        }

        conversation.UserId = userId ?? "user";
        var update = new Activity
        {
            Type = ActivityTypes.ConversationUpdate,
            ChannelId = "directline",
            ServiceUrl = ServiceUrl(request),
            Conversation = new ConversationAccount { Id = conversation.Id },
            From = new ChannelAccount { Id = conversation.UserId, Role = "user" },
            Recipient = new ChannelAccount { Id = BotId, Name = BotName, Role = "bot" },
            MembersAdded = [new ChannelAccount { Id = BotId, Name = BotName }, new ChannelAccount { Id = conversation.UserId }],
        };
        queue.TryEnqueue(new TurnContext(update, new DirectLineSink(conversation, store)), bot);
        return Results.Json(TokenBody(conversation), statusCode: existing is null ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    private static async Task<IResult> PostActivityAsync(string id, HttpRequest request, DirectLineStore store, IBot bot, TurnScheduler queue, IOptions<BotEndpointOptions> options, CancellationToken cancellationToken)
    {
        if (Authorized(id, request, store) is not { } conversation)
        {
            return Denied(id, store);
        }

        var (activity, problem) = await ActivityReader.ReadAsync(request, options.Value.MaxRequestBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        activity!.ChannelId ??= "directline";
        activity.ServiceUrl = ServiceUrl(request);
        activity.Conversation = new ConversationAccount { Id = conversation.Id };
        activity.From ??= new ChannelAccount { Id = conversation.UserId ?? "user" };
        activity.From.Role = "user";
        activity.Recipient = new ChannelAccount { Id = BotId, Name = BotName, Role = "bot" };
        activity.Timestamp = store.Now;
        conversation.Append(activity, store.Now);
        if (!queue.TryEnqueue(new TurnContext(activity, new DirectLineSink(conversation, store)), bot))
        {
            if (queue.IsStopping)
            {
                return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Shutting down", detail: "This instance is shutting down; send the activity again.");
            }

            request.HttpContext.Response.Headers.RetryAfter = "1";
            return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Busy", detail: "Too many turns are waiting; try again shortly.");
        }

        return Results.Ok(new { id = activity.Id });
    }

    /// <summary>
    /// Anyone may start a conversation when the bot runs anonymous (local use); otherwise only a caller with the
    /// configured Direct Line secret, compared in constant time.
    /// </summary>
    private static bool MayStart(HttpRequest request, BotAuthOptions auth, BotEndpointOptions options)
    {
        if (auth.IsAnonymous)
        {
            return true;
        }

        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(options.DirectLineSecret) || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var given = System.Text.Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim());
        var expected = System.Text.Encoding.UTF8.GetBytes(options.DirectLineSecret);
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(given, expected);
    }

    private static DirectLineConversation? Authorized(string id, HttpRequest request, DirectLineStore store) =>
        store.ByToken(request.Headers.Authorization) is { } conversation && conversation.Id == id ? conversation : null;

    /// <summary>A watermark as the client sends it: absent or empty (from the start), or one this server returned.</summary>
    private static int? Watermark(string? watermark) =>
        string.IsNullOrEmpty(watermark) ? 0
        : int.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : null;

    private static IResult BadWatermark() =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad watermark", detail: "The watermark must be empty or a number this conversation returned.");

    /// <summary>404 for an unknown conversation (the client stops), 403 for a bad token (the client sees it expired).</summary>
    private static IResult Denied(string id, DirectLineStore store) =>
        store.Find(id) is null ? Results.NotFound() : Results.StatusCode(StatusCodes.Status403Forbidden);

    private static object TokenBody(DirectLineConversation conversation, string? token = null) => new
    {
        conversationId = conversation.Id,
        token = token ?? conversation.Token,
        expires_in = DirectLineStore.TokenLifetimeSeconds,
        streamUrl = (string?)null,
    };

    private static string ServiceUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}/v3/directline/";
}

/// <summary>The bot's replies in a Direct Line conversation: stored in its history with an id, as the channel would.</summary>
public sealed class DirectLineSink(DirectLineConversation conversation, DirectLineStore store) : IActivitySink
{
    public Task<string?> SendAsync(Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        activity.From ??= new ChannelAccount { Id = DirectLineEndpoints.BotId, Name = DirectLineEndpoints.BotName };
        activity.From.Role ??= "bot";
        activity.Conversation = new ConversationAccount { Id = conversation.Id };
        return Task.FromResult<string?>(conversation.Append(activity, store.Now).Id);
    }
}
