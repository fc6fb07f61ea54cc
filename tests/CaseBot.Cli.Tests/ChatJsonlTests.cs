using System.Text.Json;

namespace CaseBot.Cli.Tests;

public sealed class ChatJsonlTests : IDisposable
{
    private readonly CliRun _cli = new();

    [Fact]
    public async Task ChatJsonl_EachLine_GetsOneAnswerLineWithTheContractFields()
    {
        var input = CliRun.Jsonl(("c1", "How much did the jury award Carroll?"), ("c2", "Who is the judge?"));

        var (code, stdout, _) = await _cli.RunAsync(input, "chat", "--jsonl");

        Assert.Equal(0, code);
        var lines = CliRun.JsonLines(stdout);
        Assert.Equal(2, lines.Count);
        Assert.Equal(["c1", "c2"], lines.Select(l => l.GetProperty("conversationId").GetString()));
        foreach (var line in lines)
        {
            Assert.True(line.GetProperty("answered").GetBoolean());
            Assert.False(string.IsNullOrEmpty(line.GetProperty("answer").GetString()));
            var citation = line.GetProperty("citations")[0];
            foreach (var field in new[] { "source", "quote", "start", "end", "title", "marker" })
            {
                Assert.True(citation.TryGetProperty(field, out _), $"citation has {field}");
            }
        }
    }

    [Fact]
    public async Task ChatJsonl_AmountQuestion_MarksTheAnsweringSpanInsideTheCitedQuote()
    {
        var input = CliRun.Jsonl(("c1", "How much did the jury award Carroll?"));

        var (code, stdout, _) = await _cli.RunAsync(input, "chat", "--jsonl");

        Assert.Equal(0, code);
        var line = Assert.Single(CliRun.JsonLines(stdout));
        var span = line.GetProperty("answerSpan");
        var citation = line.GetProperty("citations")[span.GetProperty("marker").GetInt32() - 1];
        var article = File.ReadAllText(Path.Combine(Repo.Articles, citation.GetProperty("source").GetString()!));
        var (start, end) = (span.GetProperty("start").GetInt32(), span.GetProperty("end").GetInt32());
        Assert.Equal(span.GetProperty("text").GetString(), article[start..end]);
        Assert.InRange(start, citation.GetProperty("start").GetInt32(), citation.GetProperty("end").GetInt32());
        Assert.Contains("$", span.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatJsonl_MalformedLine_GetsAnErrorLineAndTheRunGoesOn()
    {
        var input = string.Join('\n',
            "{not json",
            """{"conversationId": "c1"}""",
            """["an", "array"]""",
            """{"conversationId": "c1", "text": "How much did the jury award Carroll?"}""");

        var (code, stdout, _) = await _cli.RunAsync(input, "chat", "--jsonl");

        Assert.Equal(0, code);
        var lines = CliRun.JsonLines(stdout);
        Assert.Equal(4, lines.Count);
        foreach (var bad in lines.Take(3))
        {
            Assert.False(bad.GetProperty("answered").GetBoolean());
            Assert.Contains("line", bad.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        Assert.True(lines[3].GetProperty("answered").GetBoolean());
        Assert.Equal(JsonValueKind.Null, lines[3].GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task ChatJsonl_FollowUps_KeepContextPerConversation()
    {
        var input = CliRun.Jsonl(
            ("a", "Who accused Donald Trump of rape in a department store?"),
            ("b", "Which judge presided over the trial?"),
            ("a", "How old is she?"));

        var (_, stdout, _) = await _cli.RunAsync(input, "chat", "--jsonl");

        var followUp = CliRun.JsonLines(stdout)[2];
        Assert.True(followUp.GetProperty("answered").GetBoolean());
        Assert.Matches(@"\b79\b", followUp.GetProperty("answer").GetString()!);
    }

    [Fact]
    public async Task ChatJsonl_HugeAndEmptyQuestions_AreHandled()
    {
        var input = CliRun.Jsonl(("c1", "How much did the jury award Carroll? " + new string('a', 20_000)), ("c1", "   "));

        var (code, stdout, _) = await _cli.RunAsync(input, "chat", "--jsonl");

        Assert.Equal(0, code);
        var lines = CliRun.JsonLines(stdout);
        Assert.Contains("characters long", lines[0].GetProperty("notice").GetString(), StringComparison.Ordinal);
        Assert.False(lines[1].GetProperty("answered").GetBoolean());
        Assert.Contains("Ask me a question", lines[1].GetProperty("answer").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatJsonl_Stdout_CarriesOnlyAnswerLines()
    {
        var (_, stdout, _) = await _cli.RunAsync(CliRun.Jsonl(("c1", "When was the verdict?")), "chat", "--jsonl");

        Assert.All(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.StartsWith("{", l, StringComparison.Ordinal));
    }

    public void Dispose() => _cli.Dispose();
}
