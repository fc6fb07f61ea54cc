using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CaseBot.Cli.Commands;
using CaseBot.Cli.Logging;
using CaseBot.Core.Answering;
using Microsoft.Extensions.Logging;

namespace CaseBot.Cli.Tests;

/// <summary>What a person sees on the console: footnotes, /help, warnings and log lines.</summary>
public sealed partial class ConsoleOutputTests : IDisposable
{
    private readonly CliRun _cli = new();
    private readonly string _root = Directory.CreateTempSubdirectory("casebot-console-").FullName;

    [Fact]
    public async Task Ask_Question_FootnotesGiveHeadlineOutletAndDateThenTheQuote()
    {
        var (code, stdout, _) = await _cli.RunAsync(string.Empty, "ask", "Did Trump get a new trial?");

        Assert.Equal(0, code);
        var lines = stdout.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var footnotes = lines.Select((line, i) => (Match: Footnote().Match(line), Index: i)).Where(f => f.Match.Success).ToList();
        Assert.NotEmpty(footnotes);
        var headlines = ShippedHeadlines();
        foreach (var (match, index) in footnotes)
        {
            Assert.Contains(match.Groups["title"].Value, headlines);
            Assert.Matches("^    \".+\"$", lines[index + 1]);
        }

        Assert.Contains("[1] Judge denies Trump a new trial in Carroll case — New York Daily News, undated", lines);
        Assert.DoesNotContain(".txt", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("chars ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_Verbose_AddsEachQuotesFileAndOffsets()
    {
        var (code, stdout, _) = await _cli.RunAsync(string.Empty, "ask", "--verbose", "How much did the jury award Carroll?");

        Assert.Equal(0, code);
        var lines = stdout.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var located = lines.Select((line, i) => (Match: VerboseFootnote().Match(line), Index: i)).Where(f => f.Match.Success).ToList();
        Assert.NotEmpty(located);
        foreach (var (match, index) in located)
        {
            var text = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(Repo.Articles, match.Groups["file"].Value)));
            var quote = text[int.Parse(match.Groups["start"].Value, CultureInfo.InvariantCulture)..int.Parse(match.Groups["end"].Value, CultureInfo.InvariantCulture)];
            Assert.Equal($"    \"{quote}\"", lines[index + 1]);
        }
    }

    [Fact]
    public void Footnote_WithAndWithoutOutletAndDate_ReadsHeadlineDashOutletCommaDate()
    {
        var dated = new Citation(1, "a.txt", "Judge rules Trump defamed Carroll", new DateOnly(2023, 9, 6), "q", 0, 1, "a.txt#0") { Outlet = "Daily News" };
        var undated = new Citation(2, "b.txt", "Judge denies Trump a new trial", null, "q", 0, 1, "b.txt#0");

        Assert.Equal("[1] Judge rules Trump defamed Carroll — Daily News, 6 September 2023", AnswerFormatter.Footnote(dated));
        Assert.Equal("[2] Judge denies Trump a new trial — undated", AnswerFormatter.Footnote(undated));
    }

    [Fact]
    public async Task Ask_ArticleWithoutMetadataAndALongFirstSentence_FootnoteTitleEndsAtAWordBoundary()
    {
        var folder = CopyArticles("no-metadata", "003_074237872b7e6506.txt");

        var (code, stdout, _) = await _cli.RunAsync(string.Empty, "ask", "--articles", folder, "Did Trump get a new trial?");

        Assert.Equal(0, code);
        var first = Footnote().Match(stdout.Split('\n').First(l => l.StartsWith("[1] ", StringComparison.Ordinal)).TrimEnd('\r'));
        var title = first.Groups["title"].Value;
        Assert.EndsWith("…", title, StringComparison.Ordinal);
        const string sentence = "A federal judge in New York on Wednesday rejected Donald Trump’s request for a new trial in the defamation and battery case";
        Assert.StartsWith(title[..^1], sentence, StringComparison.Ordinal);
        Assert.Equal(' ', sentence[title.Length - 1]);
    }

    [Fact]
    public async Task Chat_Help_ListsTheCommandsAndTheCaseExampleQuestions_WithoutAskingIt()
    {
        var (code, stdout, stderr) = await _cli.RunAsync("/help\n/quit\n", "chat");

        Assert.Equal(0, code);
        foreach (var command in new[] { "/help", "/new", "/quit" })
        {
            Assert.Matches($"(?m)^  {command} ", stdout);
        }

        using var shipped = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Articles, "case.json")));
        var examples = shipped.RootElement.GetProperty("exampleQuestions").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.NotEmpty(examples);
        Assert.All(examples, q => Assert.Contains($"  {q}", stdout, StringComparison.Ordinal));
        Assert.DoesNotContain("[1]", stdout, StringComparison.Ordinal);
        Assert.Contains(stderr.Split('\n'), l => l.StartsWith("Ask about", StringComparison.Ordinal) && l.Contains("/help", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Chat_UnknownSlashCommand_IsNotSentAsAQuestion()
    {
        var (code, stdout, stderr) = await _cli.RunAsync("/hlep\n", "chat");

        Assert.Equal(0, code);
        Assert.Empty(stdout.Trim());
        Assert.Contains("Unknown command /hlep. /help lists the commands.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_EmptyArticlesFolder_SaysSoBeforeTheFirstQuestion()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_root, "empty")).FullName;

        var (code, stdout, stderr) = await _cli.RunAsync("Who is the judge?\n", "chat", "--articles", empty);

        Assert.Equal(0, code);
        var warning = stderr.IndexOf($"casebot: no articles to answer from: the articles folder '{empty}' has no .txt or .md files.", StringComparison.Ordinal);
        Assert.True(warning >= 0, stderr);
        Assert.True(warning < stderr.IndexOf("> ", StringComparison.Ordinal), stderr);
        Assert.DoesNotContain("[1]", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatJsonl_EmptyArticlesFolder_WarnsOnStderrAndStillAnswersEveryLine()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_root, "empty-jsonl")).FullName;

        var (code, stdout, stderr) = await _cli.RunAsync(CliRun.Jsonl(("c1", "Who is the judge?"), ("c1", "When was the verdict?")), "chat", "--jsonl", "--articles", empty);

        Assert.Equal(0, code);
        Assert.Contains("casebot: no articles to answer from", stderr, StringComparison.Ordinal);
        var answers = CliRun.JsonLines(stdout);
        Assert.Equal(2, answers.Count);
        Assert.All(answers, a => Assert.False(a.GetProperty("answered").GetBoolean()));
    }

    [Fact]
    public async Task Ask_OneInvalidArticleFile_IsSkippedWithOneWarningNamingIt_AndTheRestAnswers()
    {
        var folder = CopyArticles("one-bad", "003_074237872b7e6506.txt");
        await File.WriteAllBytesAsync(Path.Combine(folder, "broken.txt"), [0x43, 0x61, 0x72, 0x72, 0x6F, 0x6C, 0x6C, 0xE9, 0xFF, 0x2E], TestContext.Current.CancellationToken);

        var (code, stdout, stderr) = await _cli.RunAsync(string.Empty, "ask", "--articles", folder, "Did Trump get a new trial?");

        Assert.Equal(0, code);
        Assert.Contains("[1]", stdout, StringComparison.Ordinal);
        var mentions = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.Contains("broken.txt", StringComparison.Ordinal));
        Assert.Equal("warn: Skipped article broken.txt: it is not valid UTF-8 text", Assert.Single(mentions));
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_AreOnePlainLineEachOnStderr_WithoutCategoryOrEventId()
    {
        var (code, stdout, stderr) = await _cli.RunAsync(string.Empty, "index");

        Assert.Equal(0, code);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith("info: Indexed ", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.Matches(@"^(trce|dbug|info|warn|fail|crit): \S", l));
        Assert.DoesNotContain("CaseBot.Core", stderr, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\[\d+\]", stderr);
        Assert.DoesNotContain("info:", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void PlainLog_WithAnException_IsOneLineWithItsMessageAndNoStackTrace()
    {
        Exception thrown;
        try
        {
            throw new IOException("disk full\nwhile writing vectors.bin");
        }
        catch (IOException ex)
        {
            thrown = ex;
        }

        var line = PlainLoggerProvider.Format(LogLevel.Error, "Could not build the index", thrown);

        Assert.Equal("fail: Could not build the index (disk full while writing vectors.bin)", line);
    }

    public void Dispose()
    {
        _cli.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private string CopyArticles(string name, params string[] files)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, name)).FullName;
        foreach (var file in files)
        {
            File.Copy(Path.Combine(Repo.Articles, file), Path.Combine(folder, file));
        }

        return folder;
    }

    private static HashSet<string> ShippedHeadlines()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Articles, "articles.json")));
        return metadata.RootElement.EnumerateObject().Select(p => p.Value.GetProperty("title").GetString()!).ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"^\[\d+\] (?<title>.+) — (?:(?<outlet>[^,]+), )?(?<date>\d{1,2} [A-Z][a-z]+ \d{4}|undated)$")]
    private static partial Regex Footnote();

    [GeneratedRegex(@"^\[\d+\] .+ — .+ \((?<file>\d{3}_[0-9a-f]+\.txt), chars (?<start>\d+)–(?<end>\d+)\)$")]
    private static partial Regex VerboseFootnote();
}
