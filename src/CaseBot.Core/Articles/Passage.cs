namespace CaseBot.Core.Articles;

/// <summary>
/// A paragraph (or part of a long one) of an article, with its sentences. All offsets are character offsets into the
/// article file's text, so <c>fileText[Start..End] == Text</c> and every sentence can be shown and checked exactly.
/// </summary>
public sealed record Passage(
    string Id,
    string Source,
    string Title,
    DateOnly? Date,
    int Start,
    int End,
    string Text,
    PassageKind Kind,
    IReadOnlyList<TextSpan> Sentences)
{
    /// <summary>The outlet that published the article, when <c>articles.json</c> names it.</summary>
    public string? Outlet { get; init; }

    public bool IsCitable => Kind == PassageKind.Body;

    /// <summary>
    /// A photo caption or an embedded social post: not the article's reporting, so never quoted as an answer, but a
    /// model may read it and cite it ("What did she post in 2016?").
    /// </summary>
    public bool IsAside => Kind is PassageKind.Caption or PassageKind.SocialEmbed;

    /// <summary>The text of one of this passage's sentences (offsets are article offsets).</summary>
    public string SentenceText(TextSpan sentence) => Text.Substring(sentence.Start - Start, sentence.Length);
}
