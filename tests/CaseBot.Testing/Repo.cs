namespace CaseBot.Testing;

/// <summary>Paths in the repository the tests (and tools) run from: the folder above them that holds CaseBot.sln.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Articles => Path.Combine(Root, "index", "articles");

    public static string Glossary => Path.Combine(Root, "index", "glossary.txt");

    public static string DevQuestions => Path.Combine(Root, "tests", "eval", "dev.jsonl");

    /// <summary>The validation part of the question sets: tuning never reads it.</summary>
    public static string ValidationQuestions => Path.Combine(Root, "tests", "eval", "validation.jsonl");

    /// <summary>Fresh questions about this case, never read by tuning: the model path's replay-set questions
    /// (<c>replay-questions.jsonl</c>, written by <c>tests/eval/replay_questions.py</c>) and <c>unseen-1.jsonl</c>.</summary>
    public static string FreshQuestions(string name) => Path.Combine(Root, "tests", "eval", name + ".jsonl");

    /// <summary>A small corpus about an invented case, with its own questions, to check nothing depends on the real one.</summary>
    public static string OtherCaseArticles => Path.Combine(Root, "tests", "othercase", "articles");

    public static string OtherCaseQuestions => Path.Combine(Root, "tests", "othercase", "questions.jsonl");

    /// <summary>The articles of one of the invented cases under <c>tests/</c> ("othercase", "fourthcase", …).</summary>
    public static string CaseArticles(string name) => Path.Combine(Root, "tests", name, "articles");

    /// <summary>The questions of one of the invented cases under <c>tests/</c>.</summary>
    public static string CaseQuestions(string name) => Path.Combine(Root, "tests", name, "questions.jsonl");

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
