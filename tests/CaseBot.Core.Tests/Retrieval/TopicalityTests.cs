using CaseBot.Core.Retrieval;
using CaseBot.Core.Tests.Support;

namespace CaseBot.Core.Tests.Retrieval;

/// <summary>Topicality on a made-up corpus that shares no words with the real articles: the measure knows no case.</summary>
public sealed class TopicalityTests : IDisposable
{
    private readonly TempDirectory _articles = new();
    private readonly TempDirectory _index = new();

    public TopicalityTests()
    {
        _articles.Write(
            "a1.txt",
            " date 2025-03-02 The arbitration panel ruled on Tuesday that the shipowner Halvorsen Lines must pay demurrage to the charterer.\n\n" +
            "The charterer had claimed demurrage for the eleven days the tanker waited at the terminal last year.\n\n" +
            "Halvorsen Lines said it would challenge the arbitration award in the commercial court.");
        _articles.Write(
            "a2.txt",
            " date 2025-04-10 The commercial court heard the shipowner's challenge to the arbitration award on Monday.\n\n" +
            "Lawyers for the charterer said the tanker's delay was the shipowner's fault and the award should stand.");
    }

    [Fact]
    public void EverydayEnglish_KnowsCommonWordsFromRareOnes_ByStem()
    {
        Assert.True(EverydayEnglish.LogFrequency("year") > EverydayEnglish.LogFrequency("demurrag") + 5);
        Assert.Equal(EverydayEnglish.LogFrequency("unheardofword"), EverydayEnglish.LogFrequency("anotherunheardofword"));
    }

    [Fact]
    public void EverydayEnglish_StemCounts_EqualStemmingTheWholeList()
    {
        // The counts are summed lazily over the words that begin like the stem; stemming every listed word must agree.
        var lines = File.ReadAllLines(Path.Combine(CaseBot.Testing.Repo.Root, "src", "CaseBot.Core", "Retrieval", "english-word-frequencies.txt"))
            .Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split('\t')).ToList();
        using var analyzer = new CaseAnalyzer();
        var byStem = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var parts in lines)
        {
            if (analyzer.Terms(parts[0]) is [var stem])
            {
                byStem[stem] = byStem.GetValueOrDefault(stem) + long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        var sample = byStem.Keys.ToList();
        var wrong = sample.Where(stem => EverydayEnglish.StemCount(stem) != byStem[stem]).Take(10).ToList();

        Assert.True(wrong.Count == 0, "stems counted differently: " + string.Join(", ", wrong.Select(s => $"{s} {EverydayEnglish.StemCount(s)} != {byStem[s]}")));
        Assert.True(sample.Count > 15_000);
    }

    [Theory]
    [InlineData("Who won the cup final last year?", false)]
    [InlineData("What time does the train leave?", false)]
    [InlineData("How many days of demurrage did the charterer claim?", true)]
    [InlineData("who did the arbitraton panel rule against", true)]
    public void Retrieve_Topicality_IsHighOnlyForTheCorpusOwnWords(string question, bool about)
    {
        using var host = new CaseBotHost(_articles.Path, _index.Path);
        var result = host.Get<IPassageRetriever>().Retrieve(new RetrievalRequest(question), TestContext.Current.CancellationToken);

        // Everyday words the articles happen to use ("year", "time", "day") stay low; the corpus's own words are far above them.
        Assert.Equal(about, result.Topicality > 3.5);
    }

    [Theory]
    [InlineData("Who is the best banker in town?", false)]
    [InlineData("how long did the tankr wait", true)]
    public void Retrieve_ACorrectionOfAnEverydayWord_DoesNotMakeAQuestionTopical(string question, bool about)
    {
        using var host = new CaseBotHost(_articles.Path, _index.Path);
        var result = host.Get<IPassageRetriever>().Retrieve(new RetrievalRequest(question), TestContext.Current.CancellationToken);

        // Both are corrected to "tanker" and searched for; only the misspelling, which no everyday word explains, counts.
        Assert.Contains(result.Terms, t => t.Stem == "tanker" && t.CorrectedFrom is not null);
        Assert.Equal(about, result.Topicality > 3.5);
    }

    [Fact]
    public void Retrieve_Numbers_DoNotMakeAQuestionTopical()
    {
        using var host = new CaseBotHost(_articles.Path, _index.Path);
        var result = host.Get<IPassageRetriever>().Retrieve(new RetrievalRequest("Who won in 2025?"), TestContext.Current.CancellationToken);

        Assert.True(result.Topicality < 3.5, $"topicality {result.Topicality}");
    }

    [Theory]
    [InlineData("How many days of demurrage did Halvorsen Lines pay?", "How many days of X did X Lines pay?")]
    [InlineData("What did the shipowner tell the court?", "What did the X tell the court?")]
    [InlineData("Who won the cup final last year?", "Who won the cup final last year?")]
    public void Retrieve_FormQuestion_MasksTheCorpusOwnWordsAndKeepsTheRest(string question, string form)
    {
        using var host = new CaseBotHost(_articles.Path, _index.Path);
        var result = host.Get<IPassageRetriever>().Retrieve(new RetrievalRequest(question), TestContext.Current.CancellationToken);

        // Names and the corpus's own terms become "X"; everyday words ("lines", "days", "pay") and words any legal news
        // has ("court") stay, so what is left says how the question asks.
        Assert.Equal(form, result.FormQuestion);
    }

    public void Dispose()
    {
        _articles.Dispose();
        _index.Dispose();
    }
}
