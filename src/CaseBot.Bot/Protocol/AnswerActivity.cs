using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CaseBot.Core.Answering;
using CaseBot.Core.Articles;

namespace CaseBot.Bot.Protocol;

/// <summary>
/// Turns a CaseBot <see cref="Answer"/> into a reply every channel renders with its citations: Markdown text with
/// <c>[n]</c> markers and reference definitions (Web Chat), and one <c>https://schema.org/Message</c> entity with the
/// AI label and a <c>Claim</c> per citation (Teams, Agents Playground). Feedback buttons are switched on: Teams'
/// <c>feedbackLoop</c>, and for Web Chat <c>LikeAction</c>/<c>DislikeAction</c> as the entity's <c>potentialAction</c>,
/// each naming the answer's receipt in <c>identifier</c> (Web Chat's feedback event names no activity). Follow-up
/// questions come as <c>imBack</c> suggested actions.
/// </summary>
public static class AnswerActivity
{
    public const int MaxCitations = 10;
    public const int MaxNameLength = 80;
    public const int MaxAbstractLength = 160;
    public const string UnansweredPrefix = "**Not in the articles.** ";

    /// <summary>The answer text with the span that answers (the amount, date or name asked for) in bold.</summary>
    private static string Emphasise(Answer answer)
    {
        if (answer.AnswerSpan is not { } span || span.Text.Length == 0)
        {
            return answer.Text;
        }

        var at = answer.Text.IndexOf(span.Text, StringComparison.Ordinal);
        return at < 0 ? answer.Text : $"{answer.Text[..at]}**{span.Text}**{answer.Text[(at + span.Text.Length)..]}";
    }

    /// <summary>The name of the event Web Chat (4.18) posts when a feedback button is pressed.</summary>
    public const string WebChatFeedbackEvent = "webchat:activity-status/feedback";

    /// <summary>The event CaseBot answers a Web Chat feedback with: <c>value</c> says whether it was recorded, or why not.</summary>
    public const string FeedbackResultEvent = "casebot/feedback";

    public static Activity Create(Activity incoming, Answer answer, IReadOnlyList<string>? suggestions = null, string? receiptId = null)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        ArgumentNullException.ThrowIfNull(answer);
        var reply = Replies.To(incoming);
        reply.TextFormat = "markdown";
        var citations = answer.Citations.Take(MaxCitations).ToList();
        var text = new StringBuilder();
        if (answer.Notice is not null)
        {
            text.Append('_').Append(Escape(answer.Notice)).Append("_\n\n");
        }

        if (!answer.Answered && answer.Status is AnswerStatus.NotInArticles)
        {
            text.Append(UnansweredPrefix);
        }

        text.Append(Emphasise(answer));
        if (citations.Count > 0)
        {
            text.Append("\n\n");
            foreach (var c in citations)
            {
                text.Append('[').Append(c.Marker).Append("]: cite:").Append(c.Marker).Append(" \"").Append(Name(c).Replace("\"", "'", StringComparison.Ordinal)).Append("\"\n");
            }
        }

        reply.Text = text.ToString().TrimEnd();
        var webChatFeedback = receiptId is not null && incoming.ChannelId != "msteams";
        if (citations.Count > 0 || webChatFeedback)
        {
            var entity = MessageEntity(citations, answer.Answered);
            if (webChatFeedback)
            {
                entity["potentialAction"] = new JsonArray(
                    new JsonObject { ["@type"] = "LikeAction", ["name"] = "Like", ["identifier"] = receiptId },
                    new JsonObject { ["@type"] = "DislikeAction", ["name"] = "Dislike", ["identifier"] = receiptId });
            }

            reply.Entities = [entity];
        }

        if (suggestions is { Count: > 0 })
        {
            reply.SuggestedActions = new SuggestedActions
            {
                Actions = [.. suggestions.Select(q => new CardAction { Type = "imBack", Title = q, Value = q })],
            };
        }

        reply.ChannelData = new JsonObject
        {
            ["feedbackLoop"] = new JsonObject { ["type"] = "default" },
            ["feedbackLoopEnabled"] = true,
            ["caseBot"] = new JsonObject
            {
                ["answered"] = answer.Answered,
                ["status"] = answer.Status.ToString(),
                ["composer"] = answer.Composer,
                ["receiptId"] = receiptId,
                ["citations"] = CitationsData(citations),
                ["answerSpan"] = answer.AnswerSpan is { } span
                    ? new JsonObject { ["marker"] = span.Marker, ["text"] = span.Text, ["start"] = span.Start, ["end"] = span.End }
                    : null,
            },
        };
        return reply;
    }

    /// <summary>Each citation's article and offsets, so the web page can open the article at the quote.</summary>
    private static JsonArray CitationsData(List<Citation> citations)
    {
        var data = new JsonArray();
        foreach (var c in citations)
        {
            data.Add(new JsonObject
            {
                ["marker"] = c.Marker,
                ["source"] = c.Source,
                ["title"] = c.Title,
                ["outlet"] = c.Outlet,
                ["date"] = c.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["quote"] = c.Quote,
                ["start"] = c.Start,
                ["end"] = c.End,
            });
        }

        return data;
    }

    private static JsonObject MessageEntity(List<Citation> citations, bool answered)
    {
        var claims = new JsonArray();
        foreach (var c in citations)
        {
            claims.Add(new JsonObject
            {
                ["@type"] = "Claim",
                ["position"] = c.Marker,
                ["appearance"] = new JsonObject
                {
                    ["@type"] = "DigitalDocument",
                    ["name"] = Name(c),
                    ["abstract"] = Truncate(c.Quote, MaxAbstractLength),
                    ["text"] = c.Quote,
                    ["keywords"] = new JsonArray(Truncate(c.Source, 28)),
                },
            });
        }

        var entity = new JsonObject
        {
            ["type"] = "https://schema.org/Message",
            ["@type"] = "Message",
            ["@context"] = "https://schema.org",
            ["@id"] = string.Empty,
            ["additionalType"] = new JsonArray("AIGeneratedContent"),
            ["keywords"] = answered ? new JsonArray("AIGeneratedContent") : new JsonArray("AIGeneratedContent", "NotInArticles"),
            ["citation"] = claims,
        };
        return entity;
    }

    /// <summary>Article title and date, at most 80 characters.</summary>
    public static string Name(Citation citation)
    {
        ArgumentNullException.ThrowIfNull(citation);
        var date = citation.Date?.ToString("d MMM yyyy", CultureInfo.InvariantCulture) ?? "undated";
        var suffix = $" ({date})";
        return Truncate(citation.Title, MaxNameLength - suffix.Length) + suffix;
    }

    private static string Truncate(string text, int max) => ShortText.Cut(text, max);

    private static string Escape(string text) => text.Replace("_", "\\_", StringComparison.Ordinal);
}
