namespace CaseBot.Core.Timeline;

/// <summary>
/// One dated event the articles report: its date, a readable sentence for it, and every article sentence that reports
/// it (the same event reported by several articles is one entry).
/// </summary>
public sealed record TimelineEntry(EventDate Date, string Text, IReadOnlyList<TimelineCitation> Citations);
