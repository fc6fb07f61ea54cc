using System.ComponentModel.DataAnnotations;

namespace CaseBot.Core;

/// <summary>Where CaseBot finds its articles, glossary and index (section <c>CaseBot</c>).</summary>
public sealed class CaseBotOptions
{
    public const string SectionName = "CaseBot";

    /// <summary>Folder of article files (<c>.txt</c>, <c>.md</c>) and the optional <c>articles.json</c>.</summary>
    [Required]
    public string ArticlesPath { get; set; } = "index/articles";

    /// <summary>Folder the Lucene index is built into (not committed).</summary>
    [Required]
    public string IndexPath { get; set; } = "index/lucene";

    /// <summary>The case glossary of aliases and synonyms used at query time.</summary>
    [Required]
    public string GlossaryPath { get; set; } = "index/glossary.txt";

    /// <summary>English word forms and everyday synonyms that hold for any case (same format as the glossary).</summary>
    [Required]
    public string WordFormsPath { get; set; } = "index/english.txt";

    /// <summary>
    /// Relative paths are taken from the working directory when the articles folder is there, otherwise from the
    /// nearest folder above the program that has it, so the built program finds the repository's files wherever it runs.
    /// </summary>
    public string ResolvePath(string path)
    {
        if (Path.IsPathRooted(path))
        {
            return path;
        }

        return Path.GetFullPath(Path.Combine(ContentRoot(), path));
    }

    private string ContentRoot()
    {
        if (Path.IsPathRooted(ArticlesPath) || Directory.Exists(ArticlesPath))
        {
            return Directory.GetCurrentDirectory();
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, ArticlesPath)))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
