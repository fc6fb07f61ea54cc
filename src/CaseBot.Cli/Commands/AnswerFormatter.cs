using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using CaseBot.Core.Answering;

namespace CaseBot.Cli.Commands;

/// <summary>Renders an answer for people (text with footnotes) or for programs (one JSON object per line).</summary>
internal static class AnswerFormatter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>
    /// The answer, then one footnote per citation: <c>[n] Headline — Outlet, date</c> and the quote; with
    /// <paramref name="verbose"/> also the article file and the quote's character offsets.
    /// </summary>
    public static string Text(Answer answer, bool verbose = false)
    {
        var text = new StringBuilder();
        if (answer.Notice is not null)
        {
            text.Append('(').Append(answer.Notice).AppendLine(")");
        }

        text.AppendLine(answer.Text);
        if (answer.Citations.Count > 0)
        {
            text.AppendLine();
        }

        foreach (var c in answer.Citations)
        {
            text.Append(Footnote(c));
            if (verbose)
            {
                text.Append(" (").Append(c.Source).Append(", chars ").Append(c.Start).Append('–').Append(c.End).Append(')');
            }

            text.AppendLine().Append("    \"").Append(c.Quote).AppendLine("\"");
        }

        return text.ToString();
    }

    /// <summary><c>[n] Headline — Outlet, date</c>; without an outlet <c>[n] Headline — date</c>; an undated article says "undated".</summary>
    public static string Footnote(Citation citation)
    {
        ArgumentNullException.ThrowIfNull(citation);
        var date = citation.Date?.ToString("d MMMM yyyy", CultureInfo.InvariantCulture) ?? "undated";
        var from = string.IsNullOrWhiteSpace(citation.Outlet) ? date : $"{citation.Outlet}, {date}";
        return $"[{citation.Marker}] {citation.Title} — {from}";
    }

    public static string JsonLine(string? conversationId, string? question, Answer answer) =>
        JsonSerializer.Serialize(
            new AnswerLine(
                conversationId,
                question,
                answer.Answered,
                answer.Text,
                [.. answer.Citations.Select(c => new CitationLine(c.Marker, c.Source, c.Title, c.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), c.Quote, c.Start, c.End))],
                StatusName(answer.Status),
                answer.AnswerType.ToString().ToLowerInvariant(),
                answer.Composer,
                answer.SearchedFor,
                answer.Corrections,
                answer.Notice,
                answer.Removed,
                null)
            {
                AnswerSpan = answer.AnswerSpan is { } span ? new SpanLine(span.Marker, span.Text, span.Start, span.End) : null,
            },
            Json);

    public static string ErrorLine(string? conversationId, string? question, string error) =>
        JsonSerializer.Serialize(new AnswerLine(conversationId, question, false, string.Empty, [], "error", null, null, null, [], null, [], error), Json);

    private static string StatusName(AnswerStatus status) => status switch
    {
        AnswerStatus.Answered => "answered",
        AnswerStatus.NotInArticles => "not-in-articles",
        AnswerStatus.OffTopic => "off-topic",
        AnswerStatus.DeclinedInstruction => "declined-instruction",
        AnswerStatus.EmptyQuestion => "empty-question",
        _ => status.ToString(),
    };

    private sealed record AnswerLine(
        [property: JsonPropertyName("conversationId")] string? ConversationId,
        [property: JsonPropertyName("text")] string? Text,
        [property: JsonPropertyName("answered")] bool Answered,
        [property: JsonPropertyName("answer")] string Answer,
        [property: JsonPropertyName("citations")] IReadOnlyList<CitationLine> Citations,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("answerType")] string? AnswerType,
        [property: JsonPropertyName("composer")] string? Composer,
        [property: JsonPropertyName("searchedFor")] string? SearchedFor,
        [property: JsonPropertyName("corrections")] IReadOnlyList<string> Corrections,
        [property: JsonPropertyName("notice")] string? Notice,
        [property: JsonPropertyName("removed")] IReadOnlyList<string> Removed,
        [property: JsonPropertyName("error")] string? Error)
    {
        /// <summary>The value that answers (amount, date, name) inside citation <c>marker</c>'s quote, with article offsets.</summary>
        [JsonPropertyName("answerSpan")]
        public SpanLine? AnswerSpan { get; init; }
    }

    private sealed record SpanLine(
        [property: JsonPropertyName("marker")] int Marker,
        [property: JsonPropertyName("text")] string Text,
        [property: JsonPropertyName("start")] int Start,
        [property: JsonPropertyName("end")] int End);

    private sealed record CitationLine(
        [property: JsonPropertyName("marker")] int Marker,
        [property: JsonPropertyName("source")] string Source,
        [property: JsonPropertyName("title")] string Title,
        [property: JsonPropertyName("date")] string? Date,
        [property: JsonPropertyName("quote")] string Quote,
        [property: JsonPropertyName("start")] int Start,
        [property: JsonPropertyName("end")] int End);
}
