using CaseBot.Core.Retrieval;
using CaseBot.Core.Retrieval.Semantic;
using CaseBot.Core.Tests.Support;
using Microsoft.Extensions.Logging.Testing;

namespace CaseBot.Core.Tests.Ranking;

public class SemanticRetrievalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Retrieve_ParaphraseWithNoSharedWords_FindsTheSentenceByMeaning()
    {
        using var articles = new TempDirectory();
        using var index = new TempDirectory();
        articles.Write("a.txt", "The jury deliberated for three hours.\n\nThe baker sold bread every morning in the village square.\n\nThe committee postponed the vote until spring.");
        using var host = new CaseBotHost(articles.Path, index.Path);

        var result = host.Get<IPassageRetriever>().Retrieve(new RetrievalRequest("Who made loaves for the town?"), Ct);

        Assert.NotNull(result.Semantic);
        var top = result.Semantic!.Top[0];
        Assert.Contains("baker", top.Passage.SentenceText(top.Sentence), StringComparison.Ordinal);
        Assert.InRange(top.Similarity, 0f, 1f);
        Assert.Equal(1, result.Semantic.Rank(top.Similarity));
    }

    [Fact]
    public void Rebuild_AfterAnArticleIsAdded_EmbedsOnlyTheNewSentences()
    {
        using var articles = new TempDirectory();
        using var index = new TempDirectory();
        articles.Write("a.txt", "The court met on Monday.\n\nThe judge read the ruling aloud.");
        using var logs = new FakeLoggerProvider();
        using (var host = new CaseBotHost(articles.Path, index.Path, logs: logs))
        {
            host.Get<PassageIndex>().EnsureReady();
        }

        articles.Write("b.txt", "A new witness came forward in March.");
        using var again = new CaseBotHost(articles.Path, index.Path, logs: logs);
        again.Get<PassageIndex>().EnsureReady();

        Assert.Contains(logs.Collector.GetSnapshot(), r => r.Message.Contains("Embedding 2 new sentences (0 reused", StringComparison.Ordinal));
        Assert.Contains(logs.Collector.GetSnapshot(), r => r.Message.Contains("Embedding 1 new sentences (2 reused", StringComparison.Ordinal));
    }

    [Fact]
    public void SemanticOff_IndexHasNoVectorsAndRetrievalIsLexical()
    {
        using var articles = new TempDirectory();
        using var index = new TempDirectory();
        articles.Write("a.txt", "The court met on Monday.");
        using var host = new CaseBotHost(articles.Path, index.Path, new Dictionary<string, string?> { ["Retrieval:Semantic"] = "false" });

        var result = host.Get<IPassageRetriever>().Retrieve(new RetrievalRequest("When did the court meet?"), Ct);

        Assert.Null(result.Semantic);
        Assert.NotEmpty(result.Passages);
        Assert.Empty(Directory.EnumerateFiles(index.Path, SentenceVectors.FileName, SearchOption.AllDirectories));
    }

    [Fact]
    public void Vectors_SavedAndLoaded_AreTheSame_AndACorruptFileIsRejected()
    {
        using var folder = new TempDirectory();
        var keys = new[] { new SentenceKey("p1", 0, 10, "AA"), new SentenceKey("p1", 11, 20, "BB") };
        var vectors = new SentenceVectors("model", keys, [1, 0, 0, 1], 2);
        var path = folder.Combine("vectors.bin");

        vectors.Save(path);
        var loaded = SentenceVectors.TryLoad(path);
        File.WriteAllBytes(folder.Combine("bad.bin"), [1, 2, 3]);

        Assert.NotNull(loaded);
        Assert.Equal([1f, 0f], loaded!.Similarities([1, 0]));
        Assert.Equal(1, loaded.Row("p1", 11));
        Assert.Null(SentenceVectors.TryLoad(folder.Combine("bad.bin")));
    }
}
