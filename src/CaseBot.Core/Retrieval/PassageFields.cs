namespace CaseBot.Core.Retrieval;

/// <summary>Field names of the Lucene passage index, defined once.</summary>
internal static class PassageFields
{
    public const string Id = "id";
    public const string Source = "source";
    public const string Title = "title";
    public const string Date = "date";
    public const string Outlet = "outlet";
    public const string Start = "start";
    public const string End = "end";
    public const string Text = "text";
    public const string Sentences = "sentences";

    /// <summary>The article's lead (title and first paragraphs), indexed with every passage: what the article is about.</summary>
    public const string ArticleLead = "lead";
}
