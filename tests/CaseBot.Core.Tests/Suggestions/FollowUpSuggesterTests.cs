using CaseBot.Core.Answering;
using CaseBot.Core.Suggestions;
using CaseBot.Core.Tests.Support;

namespace CaseBot.Core.Tests.Suggestions;

/// <summary>The picker over the shipped articles and the shipped case profile's suggested questions (appsettings.json).</summary>
[Collection(RunsAlone.Name)]
public sealed class FollowUpSuggesterTests(FollowUpSuggesterTests.IndexFixture index) : IDisposable, IClassFixture<FollowUpSuggesterTests.IndexFixture>
{
    private readonly List<CaseBotHost> _hosts = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The suggested questions as shipped, in the articles' <c>case.json</c>.</summary>
    public static IReadOnlyList<string> Shipped { get; } =
        System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Articles, CaseProfileFile.FileName))).RootElement
            .GetProperty("suggestedQuestions").EnumerateArray().Select(e => e.GetString()!).ToList();

    public static TheoryData<string> ShippedQuestions => [.. Shipped];

    [Fact]
    public void ShippedProfile_HasFifteenToTwentyFiveSuggestedQuestions() =>
        Assert.InRange(Shipped.Count, 15, 25);

    [Theory]
    [MemberData(nameof(ShippedQuestions))]
    public async Task ShippedSuggestion_IsAnsweredWhenAskedInAConversation(string question)
    {
        var host = Host(Shipped);

        var answer = await host.Get<CaseBotChat>().AskAsync(Guid.NewGuid().ToString("N"), question, Ct);
        var check = await host.Get<FollowUpSuggester>().CheckAsync(question, Ct);

        Assert.True(answer.Answered, $"{question} -> {answer.Status}: {answer.Text}");
        Assert.Equal(answer.Text, check.Text);
    }

    [Theory]
    [InlineData("How much did the jury award Carroll?")]
    [InlineData("Which judge presided over the case?")]
    [InlineData("What did Trump call Carroll on CNN?")]
    public async Task SuggestAsync_AfterAnAnswer_OffersTwoOrThreeAnsweredQuestionsWithOtherAnswers(string question)
    {
        var host = Host(Shipped);
        var answer = await host.Get<CaseBotChat>().AskAsync(Guid.NewGuid().ToString("N"), question, Ct);
        var suggester = host.Get<FollowUpSuggester>();

        var suggestions = await suggester.SuggestAsync(question, answer, [], cancellationToken: Ct);

        Assert.InRange(suggestions.Count, 2, 3);
        Assert.Equal(suggestions.Count, suggestions.Distinct(StringComparer.Ordinal).Count());
        var given = answer.Citations.Select(c => (c.Source, c.Start, c.End)).ToHashSet();
        foreach (var suggestion in suggestions)
        {
            Assert.Contains(suggestion, Shipped);
            Assert.NotEqual(question, suggestion);
            var check = await suggester.CheckAsync(suggestion, Ct);
            Assert.True(check.Answered);
            Assert.False(check.Citations.All(c => given.Contains((c.Source, c.Start, c.End))), $"{suggestion} repeats the answer to {question}");
        }
    }

    [Fact]
    public async Task SuggestAsync_ClosestInMeaningFirst_DependsOnTheAnswer()
    {
        var host = Host(Shipped);
        var chat = host.Get<CaseBotChat>();
        var suggester = host.Get<FollowUpSuggester>();
        const string Money = "How much did the jury award for reputation repair?";
        const string Delay = "Why was the case delayed while Trump was president?";
        var money = await chat.AskAsync(Guid.NewGuid().ToString("N"), Money, Ct);
        var delay = await chat.AskAsync(Guid.NewGuid().ToString("N"), Delay, Ct);

        var afterMoney = await suggester.SuggestAsync(Money, money, [], cancellationToken: Ct);
        var afterDelay = await suggester.SuggestAsync(Delay, delay, [], cancellationToken: Ct);

        Assert.NotEqual(afterMoney[0], afterDelay[0]);
        Assert.Contains(afterMoney, s => s.StartsWith("How much", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SuggestAsync_NeverOffersWhatWasAsked()
    {
        var host = Host(Shipped);
        const string Question = "How much did the jury award Carroll?";
        var answer = await host.Get<CaseBotChat>().AskAsync(Guid.NewGuid().ToString("N"), Question, Ct);
        var suggester = host.Get<FollowUpSuggester>();
        var first = await suggester.SuggestAsync(Question, answer, [], cancellationToken: Ct);

        // Asked before, in other case and spacing: not offered again.
        var again = await suggester.SuggestAsync(Question, answer, [.. first.Select(s => "  " + s.ToUpperInvariant().TrimEnd('?'))], cancellationToken: Ct);

        Assert.NotEmpty(again);
        Assert.Empty(again.Intersect(first));
    }

    [Fact]
    public async Task SuggestAsync_CandidateTheArticlesDoNotAnswer_IsNeverOffered()
    {
        const string Unanswerable = "What's the docket number of Carroll I?";
        const string Answerable = "Which judge presided over the case?";
        var host = Host([Unanswerable, Answerable]);
        var suggester = host.Get<FollowUpSuggester>();
        const string Question = "How much did the jury award Carroll?";
        var answer = await host.Get<CaseBotChat>().AskAsync(Guid.NewGuid().ToString("N"), Question, Ct);

        var suggestions = await suggester.SuggestAsync(Question, answer, [], cancellationToken: Ct);

        // The articles don't say, but the reply cites the nearest passage: only its status keeps it from being offered.
        var check = await suggester.CheckAsync(Unanswerable, Ct);
        Assert.False(check.Answered);
        Assert.NotEmpty(check.Citations);
        Assert.Equal([Answerable], suggestions);
    }

    [Fact]
    public async Task SuggestAsync_FollowUpShapedCandidate_IsNotOffered()
    {
        var host = Host(["How old is she?", "Which judge presided over the case?"]);
        const string Question = "How much did the jury award Carroll?";
        var answer = await host.Get<CaseBotChat>().AskAsync(Guid.NewGuid().ToString("N"), Question, Ct);

        var suggestions = await host.Get<FollowUpSuggester>().SuggestAsync(Question, answer, [], cancellationToken: Ct);

        Assert.Equal(["Which judge presided over the case?"], suggestions);
    }

    [Fact]
    public async Task SuggestAsync_UnansweredQuestion_OffersNone()
    {
        var host = Host(Shipped);
        const string Question = "give me a recipe for banana bread";
        var answer = await host.Get<CaseBotChat>().AskAsync(Guid.NewGuid().ToString("N"), Question, Ct);

        var suggestions = await host.Get<FollowUpSuggester>().SuggestAsync(Question, answer, [], cancellationToken: Ct);

        Assert.False(answer.Answered);
        Assert.Empty(suggestions);
    }

    [Fact]
    public async Task SuggestAsync_AnotherCaseWithoutSuggestedQuestions_OffersNone()
    {
        using var index = new TempDirectory();
        using var host = new CaseBotHost(Repo.OtherCaseArticles, index.Path);
        var question = System.Text.Json.Nodes.JsonNode.Parse(File.ReadLines(Repo.OtherCaseQuestions).First())!["turns"]![0]!["text"]!.GetValue<string>();
        var answer = await host.Get<CaseBotChat>().AskAsync(Guid.NewGuid().ToString("N"), question, Ct);

        var suggestions = await host.Get<FollowUpSuggester>().SuggestAsync(question, answer, [], cancellationToken: Ct);

        Assert.True(answer.Answered);
        Assert.Empty(host.Get<FollowUpSuggester>().Candidates);
        Assert.Empty(suggestions);
    }

    [Fact]
    public async Task SuggestAsync_InModelMode_ChecksWithoutCallingTheModel()
    {
        await using var model = new FakeOpenAIServer();
        var host = Host(Shipped, new Dictionary<string, string?>
        {
            ["Answering:Mode"] = "Model",
            ["Answering:Endpoint"] = model.Endpoint,
            ["Answering:Model"] = "test-model",
            ["Answering:ApiKey"] = "test-key",
        });
        var suggester = host.Get<FollowUpSuggester>();
        var answer = await suggester.CheckAsync("How much did the jury award Carroll?", Ct);

        var suggestions = await suggester.SuggestAsync("How much did the jury award Carroll?", answer, [], cancellationToken: Ct);

        Assert.Equal("extractive", answer.Composer);
        Assert.InRange(suggestions.Count, 2, 3);
        Assert.Empty(model.Requests);
    }

    public void Dispose()
    {
        foreach (var host in _hosts)
        {
            host.Dispose();
        }
    }

    private CaseBotHost Host(IReadOnlyList<string> suggested, Dictionary<string, string?>? extra = null)
    {
        if (ReferenceEquals(suggested, Shipped) && extra is null)
        {
            return index.Shipped;
        }

        var settings = IndexFixture.Settings(suggested);
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        var host = new CaseBotHost(Repo.Articles, index.Path, settings);
        _hosts.Add(host);
        return host;
    }

    /// <summary>One index of the shipped articles for the class (each host opens it; the first builds it).</summary>
    public sealed class IndexFixture : IDisposable
    {
        private readonly TempDirectory _folder = new();
        private readonly Lazy<CaseBotHost> _shipped;

        public IndexFixture() => _shipped = new(() => new CaseBotHost(Repo.Articles, Path, Settings(FollowUpSuggesterTests.Shipped)));

        public string Path => _folder.Path;

        /// <summary>A host with the shipped suggested questions, shared by the class (its checks are cached, as in the bot).</summary>
        public CaseBotHost Shipped => _shipped.Value;

        public static Dictionary<string, string?> Settings(IReadOnlyList<string> suggested) =>
            suggested.Select((q, i) => (q, i)).ToDictionary(p => $"Case:SuggestedQuestions:{p.i}", p => (string?)p.q);

        public void Dispose()
        {
            if (_shipped.IsValueCreated)
            {
                _shipped.Value.Dispose();
            }

            _folder.Dispose();
        }
    }
}
