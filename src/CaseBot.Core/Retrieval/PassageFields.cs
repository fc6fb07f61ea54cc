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

    /// <summary>
    /// The text of an aside (a photo caption, an embedded post), indexed apart from <see cref="Text"/> so that asides
    /// never change the passages' word statistics or scores; only the model path searches it.
    /// </summary>
    public const string Aside = "aside";

    /// <summary>What an aside is (<see cref="Articles.PassageKind"/>); passages have none.</summary>
    public const string Kind = "kind";

    /// <summary>The article's lead (title and first paragraphs), indexed with every passage: what the article is about.</summary>
    public const string ArticleLead = "lead";
}
