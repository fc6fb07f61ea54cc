using System.Text.Json.Nodes;

namespace CaseBot.Bot.Protocol;

/// <summary>Builds replies from an incoming activity the way the Bot Framework SDK's CreateReply does.</summary>
public static class Replies
{
    public static Activity To(Activity incoming, string type = ActivityTypes.Message)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        var omitReplyTo = incoming.Type == ActivityTypes.ConversationUpdate && incoming.ChannelId is "directline" or "webchat";
        return new Activity
        {
            Type = type,
            From = incoming.Recipient,
            Recipient = incoming.From,
            Conversation = incoming.Conversation,
            ChannelId = incoming.ChannelId,
            ServiceUrl = incoming.ServiceUrl,
            ReplyToId = omitReplyTo ? null : incoming.Id,
            Locale = incoming.Locale,
        };
    }

    /// <summary>The message text with the bot's own @mention removed (Teams channels and group chats).</summary>
    public static string TextWithoutBotMention(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var text = activity.Text ?? string.Empty;
        foreach (var entity in activity.Entities ?? [])
        {
            if (Json.Text(entity, "type") != "mention")
            {
                continue;
            }

            var mentioned = entity["mentioned"] as JsonObject;
            var id = Json.Text(mentioned, "id");
            if (id is null || activity.Recipient?.Id is not { } botId || !string.Equals(id, botId, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var mentionText = Json.Text(entity, "text") ?? $"<at>{Json.Text(mentioned, "name")}</at>";
            if (mentionText.Length > 0)
            {
                text = text.Replace(mentionText, string.Empty, StringComparison.OrdinalIgnoreCase);
            }
        }

        return text.Trim();
    }
}

/// <summary>Reading channel-specific JSON that may have any shape: a wrong type reads as absent, never throws.</summary>
public static class Json
{
    public static string? Text(JsonNode? node, string property) =>
        node is JsonObject o && o[property] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static JsonNode? Child(JsonNode? node, string property) => node is JsonObject o ? o[property] : null;
}
