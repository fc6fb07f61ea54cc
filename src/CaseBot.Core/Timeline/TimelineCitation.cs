namespace CaseBot.Core.Timeline;

/// <summary>
/// A sentence of an article that reports a timeline event: <see cref="Quote"/> is the article file's text at
/// <c>[Start, End)</c> exactly.
/// </summary>
public sealed record TimelineCitation(string Source, string Title, DateOnly? ArticleDate, string Quote, int Start, int End);
