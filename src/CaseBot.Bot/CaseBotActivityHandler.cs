using CaseBot.Bot.Protocol;
using CaseBot.Core;
using CaseBot.Core.Answering;
using Microsoft.Extensions.Options;

namespace CaseBot.Bot;

/// <summary>
/// What CaseBot does with each kind of activity: welcome new members with suggested questions, answer messages with
/// cited answers (typing first), log feedback. Knows nothing of HTTP, tokens or Direct Line.
/// </summary>
public sealed partial class CaseBotActivityHandler(CaseBotChat chat, IOptions<CaseProfile> caseProfile, IOptions<AnsweringOptions> answering, ArticleCatalog articles, ILogger<CaseBotActivityHandler> logger) : IBot
{
    /// <summary>The suggested action, and the message (also "/timeline"), that lists the case's dated events.</summary>
    public const string TimelineAction = "Timeline";

    /// <summary>At most this many events in one timeline message (the page shows them all).</summary>
    public const int TimelineMessageLimit = 20;

    /// <summary>The greeting, naming the case from the case profile.</summary>
    public string Welcome =>
        $"Hi! I answer questions about {caseProfile.Value.Name} from news articles, and cite the passage behind every sentence. Try one of these, or ask your own:";

    /// <summary>Least time between two streamed chunks (Teams asks for about one per second).</summary>
    public static readonly TimeSpan StreamInterval = TimeSpan.FromSeconds(1);

    /// <summary>Least time between two streamed chunks in Web Chat (CaseBot's page reads its Direct Line twice a second).</summary>
    public static readonly TimeSpan WebChatStreamInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>What Web Chat shows while a model-written answer is prepared, before its first verified sentence.</summary>
    public const string Searching = "Searching the articles…";

    public const string TextOnly = "Please send me your question as text; I can't read attachments.";

    /// <summary>Questions the corpus answers (the case profile's examples), offered as suggested actions.</summary>
    public IReadOnlyList<string> SuggestedQuestions => caseProfile.Value.ExampleQuestions.Take(3).ToList();

    public async Task<InvokeResponse?> OnTurnAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var activity = turn.Activity;
        switch (activity.Type)
        {
            case ActivityTypes.Message:
                await AnswerAsync(turn, cancellationToken);
                return null;
            case ActivityTypes.ConversationUpdate:
                await WelcomeAsync(turn, cancellationToken);
                return null;
            case ActivityTypes.Invoke:
                return OnInvoke(activity);
            default:
                return null;
        }
    }

    public const string Failed = "Sorry, I couldn't answer that just now. Please try again, or ask in other words.";

    private async Task AnswerAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        try
        {
            await AnswerCoreAsync(turn, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not ConnectorException and not HttpRequestException)
        {
            // A fault in one turn is logged and told to the user; it never reaches the channel as a 500 or stops the conversation.
            Log.TurnFailed(logger, ex, turn.Activity.Conversation?.Id);
            var sorry = Replies.To(turn.Activity);
            sorry.Text = Failed;
            await turn.SendAsync(sorry, cancellationToken);
        }
    }

    private async Task AnswerCoreAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var text = Replies.TextWithoutBotMention(activity);
        if (text.Length == 0)
        {
            var reply = Replies.To(activity);
            reply.Text = activity.Attachments is { Count: > 0 } || activity.Value is not null ? TextOnly : chat.EmptyQuestionReply;
            await turn.SendAsync(reply, cancellationToken);
            return;
        }

        if (IsTimelineRequest(text))
        {
            await turn.SendAsync(TimelineReply(activity), cancellationToken);
            return;
        }

        var conversation = $"{activity.ChannelId}:{activity.Conversation?.Id}";
        var format = answering.Value.UsesModel ? StreamingReply.FormatFor(activity) : null;
        var stream = format is { } f ? new StreamingReply(turn, f, f == StreamingFormat.Teams ? StreamInterval : WebChatStreamInterval, TimeProvider.System) : null;
        if (format == StreamingFormat.WebChat)
        {
            // The informative line is Web Chat's typing indicator and opens the stream.
            stream = await stream!.InformAsync(Searching, cancellationToken) ? stream : null;
        }
        else
        {
            await turn.SendAsync(Replies.To(activity, ActivityTypes.Typing), cancellationToken);
        }

        Answer? answer = null;
        await foreach (var update in chat.AskStreamingAsync(conversation, text, cancellationToken))
        {
            if (update.Final is not null)
            {
                answer = update.Final;
            }
            else if (stream is not null && update.VerifiedTextSoFar is { Length: > 0 } soFar && !await stream.UpdateAsync(soFar, cancellationToken))
            {
                // Only sentences that passed verification are ever shown; if the channel refuses the stream, one message at the end.
                stream = null;
            }
        }

        var answerActivity = AnswerActivity.Create(activity, answer ?? throw new InvalidOperationException("No answer was produced."));
        if (stream is { Started: true })
        {
            await stream.FinishAsync(answerActivity, cancellationToken);
        }
        else
        {
            await turn.SendAsync(answerActivity, cancellationToken);
        }
    }

    private async Task WelcomeAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var joined = activity.MembersAdded?.Where(m => m.Id is not null && m.Id != activity.Recipient?.Id).ToList() ?? [];
        if (joined.Count == 0)
        {
            return;
        }

        var reply = Replies.To(activity);
        reply.TextFormat = "markdown";
        reply.Text = Welcome;
        reply.SuggestedActions = new SuggestedActions
        {
            Actions = [
                .. SuggestedQuestions.Select(q => new CardAction { Type = "imBack", Title = q, Value = q }),
                new CardAction { Type = "imBack", Title = TimelineAction, Value = TimelineAction },
            ],
        };
        await turn.SendAsync(reply, cancellationToken);
    }

    private static bool IsTimelineRequest(string text) =>
        text.Trim().TrimStart('/').Equals(TimelineAction, StringComparison.OrdinalIgnoreCase);

    /// <summary>The dated events the articles report, in order, each with the article and date it comes from.</summary>
    private Activity TimelineReply(Activity activity)
    {
        var entries = articles.Timeline;
        var text = new System.Text.StringBuilder();
        text.Append(System.Globalization.CultureInfo.InvariantCulture, $"**Timeline of the case**: {entries.Count} dated events from the articles");
        text.Append(entries.Count > TimelineMessageLimit ? $", the first {TimelineMessageLimit} here (all of them on the Web Chat page).\n\n" : ".\n\n");
        foreach (var entry in entries.Take(TimelineMessageLimit))
        {
            var sources = string.Join("; ", entry.Citations.Select(c => $"{c.Title}, {c.ArticleDate?.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture) ?? "undated"}").Distinct(StringComparer.Ordinal));
            text.Append("- **").Append(entry.Date.ToDisplayString()).Append("**: ").Append(entry.Text).Append(" _(").Append(sources).Append(")_\n");
        }

        var reply = Replies.To(activity);
        reply.TextFormat = "markdown";
        reply.Text = entries.Count == 0 ? "The articles report no dated events." : text.ToString().TrimEnd();
        return reply;
    }

    private InvokeResponse? OnInvoke(Activity activity)
    {
        if (activity.Name == "message/submitAction")
        {
            var reaction = Json.Text(Json.Child(activity.Value, "actionValue"), "reaction");
            Log.Feedback(logger, activity.Conversation?.Id, activity.ReplyToId, reaction ?? "unknown");
            return new InvokeResponse(StatusCodes.Status200OK);
        }

        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Error, Message = "Answering failed in conversation {ConversationId}")]
        public static partial void TurnFailed(ILogger logger, Exception exception, string? conversationId);

        [LoggerMessage(Level = LogLevel.Information, Message = "Feedback in conversation {ConversationId} on {ActivityId}: {Reaction}")]
        public static partial void Feedback(ILogger logger, string? conversationId, string? activityId, string reaction);
    }
}
