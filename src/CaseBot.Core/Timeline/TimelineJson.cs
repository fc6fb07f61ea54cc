using System.Globalization;
using System.Text.Json.Serialization;

namespace CaseBot.Core.Timeline;

/// <summary>
/// The timeline as JSON, the one shape `timeline --json` prints and the bot's <c>/api/timeline</c> serves:
/// <c>{"date": "YYYY-MM-DD" | "YYYY-MM" | "YYYY", "yearInferred"?: true, "text", "citations": [{"source", "quote", "start", "end", "title", "articleDate"}]}</c>.
/// </summary>
public sealed record TimelineEntryJson(
    [property: JsonPropertyName("date")] string Date,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("citations")] IReadOnlyList<TimelineCitationJson> Citations)
{
    /// <summary>The year is not stated: an undated article's month, read in the year the dated articles give (only when true).</summary>
    [JsonPropertyName("yearInferred")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool YearInferred { get; init; }

    public static TimelineEntryJson From(TimelineEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(
            entry.Date.ToString(),
            entry.Text,
            [.. entry.Citations.Select(c => new TimelineCitationJson(c.Source, c.Quote, c.Start, c.End, c.Title, c.ArticleDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))])
        {
            YearInferred = entry.YearInferred,
        };
    }
}

/// <summary>One cited report of a timeline event: the quote exactly as the article file has it at [start, end).</summary>
public sealed record TimelineCitationJson(
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("quote")] string Quote,
    [property: JsonPropertyName("start")] int Start,
    [property: JsonPropertyName("end")] int End,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("articleDate")] string? ArticleDate);
