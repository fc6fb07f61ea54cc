namespace CaseBot.Core.Articles;

/// <summary>One news article as read from <c>index/articles/</c>: its file text, metadata and passages.</summary>
public sealed record Article(
    string Source,
    string Title,
    DateOnly? Date,
    string? Byline,
    string? Outlet,
    string? Url,
    string Text,
    IReadOnlyList<Passage> Passages);
