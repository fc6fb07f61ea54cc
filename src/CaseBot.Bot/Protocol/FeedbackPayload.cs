using System.Text.Json;
using System.Text.Json.Nodes;

namespace CaseBot.Bot.Protocol;

/// <summary>
/// A feedback as the channels send it, read into reaction, comment and the answer it is about:
/// Teams' <c>message/submitAction</c> invoke (<c>value.actionValue.reaction</c>, <c>value.actionValue.feedback</c> a JSON
/// string with <c>feedbackText</c>, the answer is <c>replyToId</c>), and Web Chat's <c>webchat:activity-status/feedback</c>
/// event (<c>entities[0]</c> is the <c>LikeAction</c> or <c>DislikeAction</c> the bot offered, naming the receipt in
/// <c>identifier</c>). <see cref="Error"/> says what is wrong with a payload that cannot be read.
/// </summary>
public sealed record FeedbackPayload(string? Reaction, string? Comment, string? AnswerKey, string? Error)
{
    public static bool IsTeamsFeedback(Activity activity) =>
        activity is { Type: ActivityTypes.Invoke, Name: "message/submitAction" };

    public static bool IsWebChatFeedback(Activity activity) =>
        activity is { Type: "event", Name: AnswerActivity.WebChatFeedbackEvent };

    public static FeedbackPayload FromTeams(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (Json.Child(activity.Value, "actionValue") is not JsonObject actionValue)
        {
            return Bad("The feedback has no value.actionValue object.");
        }

        var actionName = Json.Text(activity.Value, "actionName");
        if (actionName is not null && actionName != "feedback")
        {
            return Bad($"The submit action '{actionName}' is not feedback.");
        }

        var reaction = Json.Text(actionValue, "reaction");
        if (reaction is null)
        {
            return Bad("The feedback has no value.actionValue.reaction (like or dislike).");
        }

        return new FeedbackPayload(reaction, TeamsComment(Json.Text(actionValue, "feedback")), activity.ReplyToId, null);
    }

    public static FeedbackPayload FromWebChat(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var action = activity.Entities?.FirstOrDefault(e => Json.Text(e, "@type") is "LikeAction" or "DislikeAction" or "VoteAction");
        if (action is null)
        {
            return Bad("The feedback event has no LikeAction or DislikeAction entity.");
        }

        var reaction = Json.Text(action, "@type") switch
        {
            "LikeAction" => "like",
            "DislikeAction" => "dislike",
            _ => Json.Text(action, "actionOption") switch { "upvote" => "like", "downvote" => "dislike", var other => other },
        };
        var key = Json.Text(action, "identifier");
        if (key is null)
        {
            return Bad("The feedback action does not name the answer (identifier).");
        }

        return new FeedbackPayload(reaction, Json.Text(action, "description"), key, null);
    }

    /// <summary>Teams sends the comment as a JSON string <c>{"feedbackText": "…"}</c>; anything else is kept as text.</summary>
    private static string? TeamsComment(string? feedback)
    {
        if (string.IsNullOrWhiteSpace(feedback))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(feedback) is JsonObject o ? Json.Text(o, "feedbackText") : feedback;
        }
        catch (JsonException)
        {
            return feedback;
        }
    }

    private static FeedbackPayload Bad(string error) => new(null, null, null, error);
}
