using CaseBot.Core.Answering;
using CaseBot.Core.Answering.Ranking;
using CaseBot.Core.Retrieval;
using CaseBot.Core.Tests.Support;

namespace CaseBot.Core.Tests.Ranking;

/// <summary>
/// A follow-up ("When was that?") says little itself: its candidates are also described by how many of the words
/// carried over from the earlier turn they hold, so the ranker can prefer the sentence about what was being discussed.
/// </summary>
public sealed class ContextFeatureTests : IDisposable
{
    private static readonly int Sentence = Array.IndexOf(SentenceFeatures.Names, "contextCoverage");
    private static readonly int InPassage = Array.IndexOf(SentenceFeatures.Names, "contextPassageCoverage");

    private readonly TempDirectory _articles = new();
    private readonly TempDirectory _index = new();

    public ContextFeatureTests()
    {
        _articles.Write(
            "a1.txt",
            " date 2025-03-02 The arbitration panel ruled on Tuesday that the shipowner must pay demurrage to the charterer.\n\n" +
            "The tanker waited eleven days at the terminal in March before it could unload.\n\n" +
            "The shipowner said it would challenge the arbitration award in the commercial court in April.");
    }

    [Fact]
    public void Features_OfAFollowUp_CountTheCarriedOverWords_AndOfAQuestionOnItsOwn_AreZero()
    {
        using var host = new CaseBotHost(_articles.Path, _index.Path);
        var retriever = host.Get<IPassageRetriever>();
        var finder = new CandidateFinder(retriever);
        const string followUp = "When was that?";

        var alone = finder.Find(followUp, QuestionClassifier.Classify(followUp), retriever.Retrieve(new RetrievalRequest(followUp), TestContext.Current.CancellationToken));
        var inConversation = finder.Find(
            followUp,
            QuestionClassifier.Classify(followUp),
            retriever.Retrieve(new RetrievalRequest(followUp, ["How long did the tanker wait at the terminal?"]), TestContext.Current.CancellationToken));

        Assert.All(alone, c => Assert.Equal(0, c.Features[Sentence]));
        var tanker = Assert.Single(inConversation, c => c.Text.Contains("tanker", StringComparison.Ordinal));
        var court = Assert.Single(inConversation, c => c.Text.Contains("commercial court", StringComparison.Ordinal));
        Assert.True(tanker.Features[Sentence] > 0.5, $"tanker sentence: {tanker.Features[Sentence]}");
        Assert.Equal(tanker.Features[Sentence], tanker.Features[InPassage]);
        Assert.Equal(0, court.Features[Sentence]);
    }

    public void Dispose()
    {
        _articles.Dispose();
        _index.Dispose();
    }
}
