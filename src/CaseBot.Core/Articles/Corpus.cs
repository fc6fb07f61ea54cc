namespace CaseBot.Core.Articles;

/// <summary>The articles read from a folder, the files that were skipped and why, and a hash of the whole folder.</summary>
public sealed record Corpus(IReadOnlyList<Article> Articles, IReadOnlyList<SkippedFile> Skipped, string ContentHash)
{
    public IEnumerable<Passage> Passages => Articles.SelectMany(a => a.Passages);
}

/// <summary>An article file that could not be used, with a reason a user can act on.</summary>
public sealed record SkippedFile(string Source, string Reason);
