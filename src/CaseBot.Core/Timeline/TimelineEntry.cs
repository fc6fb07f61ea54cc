namespace CaseBot.Core.Timeline;

/// <summary>
/// One dated event the articles report: its date, a readable sentence for it, and every article sentence that reports
/// it (the same event reported by several articles is one entry).
/// </summary>
public sealed record TimelineEntry(EventDate Date, string Text, IReadOnlyList<TimelineCitation> Citations)
{
    /// <summary>
    /// The year is not in the text: the reporting article is undated and its month names were read in the year the
    /// dated articles give the same events.
    /// </summary>
    public bool YearInferred { get; init; }

    /// <summary>The date as people read it: <c>June 2023</c>, with <c>(year inferred)</c> when it is.</summary>
    public string DateLabel => YearInferred ? $"{Date.ToDisplayString()} (year inferred)" : Date.ToDisplayString();
}
