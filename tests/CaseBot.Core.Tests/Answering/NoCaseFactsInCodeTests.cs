using System.Text.RegularExpressions;

namespace CaseBot.Core.Tests.Answering;

/// <summary>
/// Case facts live in configuration and data files, never in code: no string, word list or pattern in the product's
/// source names a person, place or outlet of these articles (comments may use them as examples).
/// </summary>
public partial class NoCaseFactsInCodeTests
{
    /// <summary>Names from the articles that code once carried; the glossary's names are added to them.</summary>
    private static readonly string[] ArticleNames = ["Bergdorf", "Goodman", "Elle", "Getty", "Reuters", "CNN", "Manhattan", "biochemist"];

    /// <summary>The product's code (the performance tooling, which rewrites the real articles into synthetic ones, is not).</summary>
    private static readonly string[] ProductFolders = ["src/CaseBot.Core", "src/CaseBot.Bot", "src/CaseBot.Cli/Commands"];

    [Fact]
    public void ProductSource_NamesNoPersonPlaceOrOutletOfTheArticles()
    {
        var names = GlossaryNames().Concat(ArticleNames).Distinct(StringComparer.Ordinal).ToList();
        var folders = ProductFolders.Select(f => Path.Combine(Repo.Root, f));
        var hits = new List<string>();
        foreach (var file in folders.SelectMany(f => Directory.EnumerateFiles(f, "*.cs", SearchOption.AllDirectories)).Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)))
        {
            var number = 0;
            foreach (var line in File.ReadLines(file))
            {
                number++;
                var code = line.Trim();
                if (code.StartsWith("//", StringComparison.Ordinal))
                {
                    continue;
                }

                code = TrailingComment().Replace(code, string.Empty);
                hits.AddRange(names.Where(n => Regex.IsMatch(code, $@"\b{Regex.Escape(n)}\b", RegexOptions.IgnoreCase)).Select(n => $"{Path.GetRelativePath(Repo.Root, file)}:{number}: {n}"));
            }
        }

        Assert.True(hits.Count == 0, string.Join(Environment.NewLine, hits));
    }

    private static IEnumerable<string> GlossaryNames() =>
        File.ReadLines(Repo.Glossary)
            .Where(l => !l.TrimStart().StartsWith('#'))
            .SelectMany(l => CapitalisedWord().Matches(l).Select(m => m.Value))
            .Where(w => w.Length >= 4 && !GenericWords.Contains(w));

    /// <summary>Capitalised words of the glossary that are titles or parties, not names ("Judge Kaplan", "the Republican").</summary>
    private static readonly HashSet<string> GenericWords = new(StringComparer.Ordinal) { "Judge", "Republican", "Justice", "Department" };

    [GeneratedRegex(@"\b\p{Lu}\p{Ll}+\b")]
    private static partial Regex CapitalisedWord();

    [GeneratedRegex(@"\s//\s.*$")]
    private static partial Regex TrailingComment();
}
