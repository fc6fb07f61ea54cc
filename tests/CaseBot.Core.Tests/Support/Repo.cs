namespace CaseBot.Core.Tests.Support;

/// <summary>Paths in the repository the tests run from.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Articles => Path.Combine(Root, "index", "articles");

    public static string Glossary => Path.Combine(Root, "index", "glossary.txt");

    public static string DevQuestions => Path.Combine(Root, "tests", "eval", "dev.jsonl");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CaseBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"CaseBot.sln not found above {AppContext.BaseDirectory}.");
    }
}
