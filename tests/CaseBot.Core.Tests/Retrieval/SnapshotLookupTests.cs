using CaseBot.Core.Retrieval;
using CaseBot.Core.Tests.Support;

namespace CaseBot.Core.Tests.Retrieval;

/// <summary>
/// What an index snapshot remembers between questions (term statistics, an article's passages) must be what the index
/// says, asked once or many times; leaving words no passage has out of the query must not change any score; and
/// scoring only the passages best by the question's own words must score them as the whole query does.
/// </summary>
public sealed class SnapshotLookupTests : IDisposable
{
    private readonly TempDirectory _articles = new();
    private readonly TempDirectory _index = new();

    public SnapshotLookupTests()
    {
        _articles.Write(
            "a1.txt",
            " date 2025-03-02 The arbitration panel ruled on Tuesday that the shipowner must pay demurrage to the charterer.\n\n" +
            "The charterer had claimed demurrage for the eleven days the tanker waited at the terminal.\n\n" +
            "The shipowner said it would challenge the arbitration award in the commercial court.");
        _articles.Write(
            "a2.txt",
            " date 2025-04-10 The commercial court heard the shipowner's challenge to the arbitration award on Monday.\n\n" +
            "Lawyers for the charterer said the tanker's delay was the shipowner's fault.");
    }

    [Fact]
    public void DocumentFrequency_IsTheIndexs_AskedOnceOrAgain()
    {
        using var host = new CaseBotHost(_articles.Path, _index.Path);
        var retriever = host.Get<IPassageRetriever>();
        var stem = Assert.Single(retriever.Terms("demurrage"));

        var first = retriever.DocumentFrequency(stem);
        var again = retriever.DocumentFrequency(stem);

        Assert.Equal(2, first.Passages);
        Assert.Equal(5, first.Total);
        Assert.Equal(first, again);
        Assert.Equal(0, retriever.DocumentFrequency("zzqvx").Passages);
    }

    [Fact]
    public void ArticlePassages_AreAllOfOneArticle_InReadingOrder()
    {
        using var host = new CaseBotHost(_articles.Path, _index.Path);
        var retriever = host.Get<IPassageRetriever>();

        var passages = retriever.ArticlePassages("a1.txt");
        var again = retriever.ArticlePassages("a1.txt");

        Assert.Equal(3, passages.Count);
        Assert.All(passages, p => Assert.Equal("a1.txt", p.Source));
        Assert.Equal(passages.Select(p => p.Start).Order(), passages.Select(p => p.Start));
        Assert.Contains("eleven days", passages[1].Text, StringComparison.Ordinal);
        Assert.Equal(passages.Select(p => p.Id), again.Select(p => p.Id));
        Assert.Empty(retriever.ArticlePassages("no-such-article.txt"));
    }

    [Fact]
    public void Retrieve_AWordNoPassageHas_ChangesNoPassageScore()
    {
        using var host = new CaseBotHost(_articles.Path, _index.Path);
        var retriever = host.Get<IPassageRetriever>();

        var plain = retriever.Retrieve(new RetrievalRequest("Why did the tanker wait at the terminal?"), TestContext.Current.CancellationToken);
        var withUnknown = retriever.Retrieve(new RetrievalRequest("Why did the tanker wait at the terminal in Qxwzbv?"), TestContext.Current.CancellationToken);

        Assert.NotEmpty(plain.Passages);
        Assert.Equal(plain.Passages.Select(p => (p.Passage.Id, p.Score)), withUnknown.Passages.Select(p => (p.Passage.Id, p.Score)));
    }

    [Theory]
    [InlineData("Why did the tanker wait at the terminal?")]
    [InlineData("Who will challenge the arbitration award in court?")]
    public void Retrieve_OnACorpusLargerThanTheRescoreDepth_ScoresTheBestPassagesAsTheWholeQueryDoes(string question)
    {
        using var whole = new CaseBotHost(_articles.Path, _index.Path);
        using var rescored = new CaseBotHost(_articles.Path, _index.Path, new Dictionary<string, string?> { ["Retrieval:RescoreDepth"] = "3" });

        var expected = whole.Get<IPassageRetriever>().Retrieve(new RetrievalRequest(question, TopK: 2), TestContext.Current.CancellationToken);
        var actual = rescored.Get<IPassageRetriever>().Retrieve(new RetrievalRequest(question, TopK: 2), TestContext.Current.CancellationToken);

        Assert.Equal(2, expected.Passages.Count);
        Assert.Equal(expected.Passages.Select(p => (p.Passage.Id, p.Score)), actual.Passages.Select(p => (p.Passage.Id, p.Score)));
    }

    [Fact]
    public void Retrieve_AFourLetterWordEnglishLacks_IsCorrected_AnEverydayWordIsNot()
    {
        using var host = new CaseBotHost(_articles.Path, _index.Path);
        var retriever = host.Get<IPassageRetriever>();

        var typo = retriever.Retrieve(new RetrievalRequest("How long did the tanker wiat?"), TestContext.Current.CancellationToken);
        var word = retriever.Retrieve(new RetrievalRequest("Did the tanker stay?"), TestContext.Current.CancellationToken);

        Assert.Contains(typo.Corrections, c => c.EndsWith("→wait", StringComparison.Ordinal));
        Assert.Empty(word.Corrections);
    }

    public void Dispose()
    {
        _articles.Dispose();
        _index.Dispose();
    }
}
