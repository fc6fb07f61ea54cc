namespace CaseBot.Cli.Tests;

/// <summary>
/// Every mistake a user can make on the console is one line on stderr, starting <c>casebot:</c>, with a non-zero exit
/// code and no stack trace. Run as real processes, so the exit code and everything the program prints are real.
/// </summary>
public sealed class UserErrorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("casebot-user-errors-").FullName;

    private string Index => Path.Combine(_root, "index");

    [Theory]
    [InlineData("ask", "Who is the judge?")]
    [InlineData("chat", null)]
    [InlineData("index", null)]
    public async Task MissingArticlesFolder_IsOneLineNamingTheFolder_ExitCode1(string command, string? question)
    {
        var missing = Path.Combine(_root, "no-such-folder");
        string[] args = question is null ? [command, "--articles", missing, "--index", Index] : [command, "--articles", missing, "--index", Index, question];

        var (code, stdout, stderr) = await CliProcess.RunAsync(null, "Who is the judge?\n", args);

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        var line = SingleLine(stderr);
        Assert.Equal($"casebot: The articles folder '{missing}' does not exist. Set CaseBot:ArticlesPath or pass --articles DIR.", line);
    }

    [Fact]
    public async Task Ask_EmptyArticlesFolder_SaysThereIsNothingToAnswerFrom_ExitCode1()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_root, "empty")).FullName;

        var (code, stdout, stderr) = await CliProcess.RunAsync(null, string.Empty, "ask", "--articles", empty, "--index", Index, "Who is the judge?");

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.Equal($"casebot: no articles to answer from: the articles folder '{empty}' has no .txt or .md files.", SingleLine(stderr));
    }

    [Fact]
    public async Task Ask_OnlyUnusableArticleFiles_WarnsPerFileThenOneLine_ExitCode1()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "bad")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(folder, "latin1.txt"), [0x43, 0x61, 0x72, 0x72, 0x6F, 0x6C, 0x6C, 0xE9, 0xFF, 0x2E], TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(folder, "blank.md"), "  \n\n", TestContext.Current.CancellationToken);

        var (code, stdout, stderr) = await CliProcess.RunAsync(null, string.Empty, "ask", "--articles", folder, "--index", Index, "Who is the judge?");

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        AssertNoStackTrace(stderr);
        var lines = Lines(stderr);
        Assert.Contains("warn: Skipped article latin1.txt: it is not valid UTF-8 text", lines);
        Assert.Contains("warn: Skipped article blank.md: it is empty", lines);
        Assert.Equal(
            $"casebot: no articles to answer from: none of the 2 article files in '{folder}' could be used (blank.md: it is empty; latin1.txt: it is not valid UTF-8 text).",
            lines[^1]);
        Assert.Single(lines, l => l.StartsWith("casebot:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Answering__Mode", "Bogus", "casebot: invalid configuration: Answering:Mode must be Extractive or Model.")]
    [InlineData("Retrieval__TopK", "0", "casebot: invalid configuration: Retrieval:TopK: The field TopK must be between 1 and 100.")]
    [InlineData("Retrieval__TopK", "many", "casebot: invalid configuration: Retrieval:TopK must be a whole number, not 'many'.")]
    [InlineData("Retrieval__Semantic", "maybe", "casebot: invalid configuration: Retrieval:Semantic must be true or false, not 'maybe'.")]
    [InlineData("Conversations__Store", "Disk", "casebot: invalid configuration: Conversations:Store must be Memory or Redis.")]
    public async Task Ask_BadSetting_IsOneLineNamingTheKey_ExitCode1(string key, string value, string expected)
    {
        var (code, stdout, stderr) = await CliProcess.RunAsync(new Dictionary<string, string> { [key] = value }, string.Empty, "ask", "--index", Index, "Who is the judge?");

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.Equal(expected, SingleLine(stderr));
        Assert.False(Directory.Exists(Index), "nothing is built before the configuration is found wrong");
    }

    [Fact]
    public async Task Ask_RedisStore_IsOneLineSayingTheConsoleHasNone_ExitCode1()
    {
        var environment = new Dictionary<string, string> { ["Conversations__Store"] = "Redis", ["Conversations__Redis"] = "127.0.0.1:9" };

        var (code, stdout, stderr) = await CliProcess.RunAsync(environment, string.Empty, "ask", "--index", Index, "Who is the judge?");

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.Equal("casebot: invalid configuration: Conversations:Store is Redis, but this program has no Redis store (only the bot host does); use Memory here.", SingleLine(stderr));
    }

    [Fact]
    public async Task Chat_ModelModeWithoutEndpointOrModel_ListsBothProblemsOnOneLine_ExitCode1()
    {
        var (code, stdout, stderr) = await CliProcess.RunAsync(new Dictionary<string, string> { ["Answering__Mode"] = "Model" }, "Who is the judge?\n", "chat", "--jsonl", "--index", Index);

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        var line = SingleLine(stderr);
        Assert.StartsWith("casebot: invalid configuration: Answering:Endpoint must be", line, StringComparison.Ordinal);
        Assert.Contains("Answering:Model must name the model", line, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string SingleLine(string stderr)
    {
        AssertNoStackTrace(stderr);
        return Assert.Single(Lines(stderr));
    }

    private static void AssertNoStackTrace(string stderr)
    {
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
    }
}
