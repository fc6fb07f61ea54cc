namespace CaseBot.Core.Articles;

/// <summary>Optional, user-editable facts about an article from <c>articles.json</c> beside the article files.</summary>
public sealed record ArticleMetadata(string? Title = null, string? Outlet = null, string? Url = null, DateOnly? Date = null);
