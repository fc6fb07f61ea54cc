using CaseBot.Core.Retrieval;
using CaseBot.Core.Tests.Support;

namespace CaseBot.Core.Tests.Retrieval;

public class RetrievalTests(CorpusFixture corpus) : IClassFixture<CorpusFixture>
{
    private readonly IPassageRetriever _retriever = corpus.Host.Get<IPassageRetriever>();

    [Fact]
    public void Retrieve_Misspelled_IsCorrectedAndFindsThePassage()
    {
        var result = _retriever.Retrieve(new RetrievalRequest("wat store did it hapen in"), TestContext.Current.CancellationToken);

        Assert.Contains(result.Corrections, c => c.StartsWith("hapen", StringComparison.Ordinal));
        Assert.Contains(result.Passages.Take(3), p => p.Passage.Text.Contains("Bergdorf", StringComparison.Ordinal));
    }

    [Fact]
    public void Retrieve_QuestionWordsAndStopWords_AreNotSearched()
    {
        var result = _retriever.Retrieve(new RetrievalRequest("What is the name of the judge who was in charge?"), TestContext.Current.CancellationToken);

        Assert.DoesNotContain(result.Terms, t => t.Stem is "what" or "is" or "the" or "who" or "was");
        Assert.Contains(result.Terms, t => t.Stem == "judg");
    }

    [Fact]
    public void Retrieve_Passages_AreCitableAndBestFirst()
    {
        var result = _retriever.Retrieve(new RetrievalRequest("How much did the jury award Carroll?"), TestContext.Current.CancellationToken);

        Assert.NotEmpty(result.Passages);
        Assert.All(result.Passages, p => Assert.True(p.Passage.IsCitable));
        Assert.Equal(result.Passages.OrderByDescending(p => p.Score).Select(p => p.Passage.Id), result.Passages.Select(p => p.Passage.Id));
        Assert.Contains("$5", result.Passages[0].Passage.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Retrieve_GlossaryAlias_FindsPassagesThatUseTheOtherName()
    {
        // "the former president" and "the writer" are glossary aliases of Trump and Carroll.
        var result = _retriever.Retrieve(new RetrievalRequest("What did the former president call the writer on CNN?"), TestContext.Current.CancellationToken);

        var president = Assert.Single(result.Terms, t => t.Stem == "presid");
        Assert.Contains(president.Alternatives, a => a.SequenceEqual(["trump"]));
        Assert.Contains(result.Passages.Take(3), p => p.Passage.Text.Contains("whack job", StringComparison.Ordinal));
    }

    [Fact]
    public void Retrieve_FollowUpContext_BringsBackTheEarlierSubject()
    {
        var bare = _retriever.Retrieve(new RetrievalRequest("How old is she?"), TestContext.Current.CancellationToken);
        var withContext = _retriever.Retrieve(new RetrievalRequest("How old is she?", ["Who accused Trump of rape?", "E. Jean Carroll"]), TestContext.Current.CancellationToken);

        Assert.NotEmpty(withContext.ContextTerms);
        Assert.Contains(withContext.Passages.Take(3), p => p.Passage.Text.Contains("79", StringComparison.Ordinal));
        Assert.True(bare.Passages.Count == 0 || withContext.Passages[0].Passage.Id != bare.Passages[0].Passage.Id || withContext.Passages[0].Passage.Text.Contains("79", StringComparison.Ordinal));
    }
}
