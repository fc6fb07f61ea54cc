namespace CaseBot.Core.Answering;

/// <summary>
/// A cited passage: marker <c>[n]</c> in the answer text, the article file, its title and date, and the quote exactly
/// as it stands in the file at <c>[Start, End)</c>.
/// </summary>
public sealed record Citation(int Marker, string Source, string Title, DateOnly? Date, string Quote, int Start, int End, string PassageId)
{
    /// <summary>The outlet that published the article, when <c>articles.json</c> names it.</summary>
    public string? Outlet { get; init; }
}
