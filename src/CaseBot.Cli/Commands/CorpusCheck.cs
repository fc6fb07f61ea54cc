using CaseBot.Core.Articles;
using CaseBot.Core.Retrieval;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CaseBot.Cli.Commands;

/// <summary>Opens the passage index before the first question and says plainly when there is nothing to answer from.</summary>
internal static class CorpusCheck
{
    private const int ReasonsShown = 3;

    /// <summary>
    /// Builds or opens the index; returns one line naming the problem when there is no article text to answer from,
    /// else null. A folder without article files is reported before anything is built.
    /// </summary>
    public static string? EnsureArticles(IServiceProvider services)
    {
        var index = services.GetRequiredService<PassageIndex>();
        var folder = index.ArticlesPath;
        var files = ArticleLoader.ArticleFiles(folder);
        if (files.Count == 0)
        {
            return $"no articles to answer from: the articles folder '{folder}' has no .txt or .md files.";
        }

        index.EnsureReady();
        if (index.PassageCount > 0)
        {
            return null;
        }

        // The reasons were logged if this process built the index; an index built earlier only knows they were skipped.
        var skipped = index.LastBuild?.Skipped ?? new ArticleLoader(NullLogger<ArticleLoader>.Instance).Load(folder).Skipped;
        var reasons = string.Join("; ", skipped.Take(ReasonsShown).Select(s => $"{s.Source}: {s.Reason}"));
        if (skipped.Count > ReasonsShown)
        {
            reasons += $"; and {skipped.Count - ReasonsShown} more";
        }

        var what = files.Count == 1
            ? $"the only article file in '{folder}' could not be used"
            : $"none of the {files.Count} article files in '{folder}' could be used";
        return reasons.Length == 0 ? $"no articles to answer from: {what}." : $"no articles to answer from: {what} ({reasons}).";
    }
}
