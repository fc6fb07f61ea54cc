using System.Text.Json.Nodes;
using CaseBot.Core.Answering;
using CaseBot.Core.Feedback;
using CaseBot.Core.Tests.Support;

namespace CaseBot.Core.Tests.Feedback;

[Collection(RunsAlone.Name)]
public sealed class AnswerFeedbackTests(CorpusFixture corpus) : IClassFixture<CorpusFixture>, IDisposable
{
    private readonly TempDirectory _data = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RecordAsync_AppendsOneLineWithTheRememberedReceipt()
    {
        using var host = Host();
        var feedback = host.Get<AnswerFeedback>();
        var answer = await host.Get<CaseBotChat>().AskAsync("c1", "How much did the jury award Carroll?", Ct);
        var receipt = feedback.Receipt("c1", "How much did the jury award Carroll?", answer);
        feedback.Remember(receipt with { ActivityId = "a-1" });

        var outcome = await feedback.RecordAsync("directline", "c1", "a-1", "Like", "  helpful  ", Ct);

        Assert.True(outcome.Recorded);
        Assert.True(outcome.ReceiptFound);
        var record = JsonNode.Parse(Assert.Single(await File.ReadAllLinesAsync(feedback.FilePath, Ct)))!;
        Assert.Equal("like", record["reaction"]!.GetValue<string>());
        Assert.Equal("helpful", record["comment"]!.GetValue<string>());
        Assert.Equal("a-1", record["activityId"]!.GetValue<string>());
        Assert.Equal(answer.Text, record["receipt"]!["answer"]!.GetValue<string>());
        Assert.Equal(host.Get<CaseBot.Core.Retrieval.PassageIndex>().ContentHash, record["receipt"]!["indexContentHash"]!.GetValue<string>());
        Assert.Equal(answer.Citations.Count, record["receipt"]!["citations"]!.AsArray().Count);
        Assert.Equal(answer.Citations[0].Quote, record["receipt"]!["citations"]![0]!["quote"]!.GetValue<string>());
    }

    [Fact]
    public async Task RecordAsync_ForAnAnswerStillBeingDelivered_WaitsForItsReceipt()
    {
        using var host = Host();
        var feedback = host.Get<AnswerFeedback>();
        var receipt = feedback.Receipt("c1", "q", new Answer("a [1]", AnswerStatus.Answered, []));
        var delivering = feedback.Delivering("c1");

        // The channel has the activity (and the user clicks) before the bot has learnt its id and remembered the receipt.
        var recording = feedback.RecordAsync("msteams", "c1", "a-7", "dislike", null, Ct);
        await Task.Delay(50, Ct);
        Assert.False(recording.IsCompleted);
        feedback.Remember(receipt with { ActivityId = "a-7" });
        delivering.Dispose();
        var outcome = await recording;

        Assert.True(outcome.ReceiptFound);
        Assert.False((await feedback.RecordAsync("msteams", "c1", "a-8", "like", null, Ct)).ReceiptFound);
    }

    [Fact]
    public async Task RecordAsync_ByReceiptId_FindsTheReceiptToo_AndAnUnknownAnswerIsRecordedWithoutOne()
    {
        using var host = Host();
        var feedback = host.Get<AnswerFeedback>();
        var receipt = feedback.Receipt("c1", "q", new Answer("a [1]", AnswerStatus.Answered, []));
        feedback.Remember(receipt);

        var known = await feedback.RecordAsync("directline", "c1", receipt.ReceiptId, "dislike", null, Ct);
        var unknown = await feedback.RecordAsync("directline", "c1", "forgotten", "dislike", null, Ct);
        var otherConversation = await feedback.RecordAsync("directline", "c2", receipt.ReceiptId, "like", null, Ct);

        Assert.True(known.ReceiptFound);
        Assert.True(unknown.Recorded);
        Assert.False(unknown.ReceiptFound);
        Assert.False(otherConversation.ReceiptFound);
        var lines = (await File.ReadAllLinesAsync(feedback.FilePath, Ct)).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Null(lines[1]["receipt"]);
        Assert.Equal("forgotten", lines[1]["activityId"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("meh")]
    public async Task RecordAsync_BadReaction_IsRefusedWithAReasonAndWritesNothing(string? reaction)
    {
        using var host = Host();
        var feedback = host.Get<AnswerFeedback>();
        await feedback.RecordAsync("msteams", "c1", null, "like", null, Ct);
        var before = await File.ReadAllTextAsync(feedback.FilePath, Ct);

        var outcome = await feedback.RecordAsync("msteams", "c1", null, reaction, null, Ct);

        Assert.False(outcome.Recorded);
        Assert.Contains("like", outcome.Error, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(feedback.FilePath, Ct));
    }

    [Fact]
    public async Task RecordAsync_Concurrent_LosesNoLineAndInterleavesNone()
    {
        using var host = Host();
        var feedback = host.Get<AnswerFeedback>();
        var comment = new string('x', 5000);

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => feedback.RecordAsync("directline", $"c{i}", null, i % 2 == 0 ? "like" : "dislike", comment, Ct), Ct)));

        var lines = await File.ReadAllLinesAsync(feedback.FilePath, Ct);
        Assert.Equal(200, lines.Length);
        Assert.Equal(200, lines.Select(l => JsonNode.Parse(l)!["conversationId"]!.GetValue<string>()).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task RecordAsync_UnwritablePath_IsAClearErrorNotAnException()
    {
        var blocker = Path.Combine(_data.Path, "a-file");
        await File.WriteAllTextAsync(blocker, "not a folder", Ct);
        using var host = Host(Path.Combine(blocker, "feedback.jsonl"));

        var outcome = await host.Get<AnswerFeedback>().RecordAsync("directline", "c1", null, "like", null, Ct);

        Assert.False(outcome.Recorded);
        Assert.True(outcome.StorageFailed);
        Assert.Contains("could not be stored", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ReceiptBook_KeepsTheLastReceiptsPerConversation_AndForgetsTheLeastRecentConversation()
    {
        var book = new ReceiptBook(receiptsPerConversation: 2, maxConversations: 2);
        AnswerReceipt R(string conversation, string id) => new(id, conversation, "q", "a", "Answered", "extractive", [], null, DateTimeOffset.UnixEpoch);
        book.Remember(R("c1", "r1"));
        book.Remember(R("c1", "r2"));
        book.Remember(R("c1", "r3"));
        book.Remember(R("c2", "r4"));
        book.Asked("c1", "touched");
        book.Remember(R("c3", "r5"));

        Assert.Null(book.Find("c1", "r1"));
        Assert.NotNull(book.Find("c1", "r3"));
        Assert.Null(book.Find("c2", "r4"));
        Assert.NotNull(book.Find("c3", "r5"));
        Assert.Equal(2, book.ConversationCount);
        Assert.Equal(["touched"], book.AskedIn("c1"));
    }

    public void Dispose() => _data.Dispose();

    private CaseBotHost Host(string? path = null) => new(
        Repo.Articles,
        corpus.IndexPath,
        new Dictionary<string, string?> { ["Feedback:Path"] = path ?? Path.Combine(_data.Path, "sub", "feedback.jsonl") });
}
