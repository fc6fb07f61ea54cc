using CaseBot.Core.Retrieval;
using CaseBot.Core.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace CaseBot.Core.Tests.Retrieval;

public sealed class PassageIndexTests : IDisposable
{
    private readonly TempDirectory _articles = new();
    private readonly TempDirectory _index = new();
    private readonly FakeLoggerProvider _logs = new();

    public PassageIndexTests()
    {
        _articles.Write("one.txt", " date 2023-05-09 A jury found Trump liable for sexual abuse.\n\nThe jury awarded Carroll $5 million.");
        _articles.Write("two.txt", "Judge Lewis Kaplan presided over the trial.\n\nTrump said he would appeal.");
    }

    private string Pointer => _index.Combine("CURRENT");

    private string CurrentFolder => _index.Combine(File.ReadAllText(Pointer).Trim());

    [Fact]
    public void EnsureReady_NoIndex_BuildsOneAndPointsToIt()
    {
        using var host = Host();

        host.Get<PassageIndex>().EnsureReady();

        Assert.True(File.Exists(Pointer));
        // What it was built from is the Lucene commit's user data, not a file of its own.
        using (var directory = Lucene.Net.Store.FSDirectory.Open(CurrentFolder))
        {
            var commit = Lucene.Net.Index.DirectoryReader.ListCommits(directory).Single();
            Assert.Equal(host.Get<PassageIndex>().ContentHash, commit.UserData["casebot.contentHash"]);
            Assert.Equal("4", commit.UserData["casebot.passages"]);
        }

        Assert.Equal(["CURRENT"], Directory.GetFiles(_index.Path).Select(Path.GetFileName));
        Assert.Equal(4, host.Get<PassageIndex>().LastBuild!.Passages);
        Assert.Contains(_logs.Collector.GetSnapshot(), r => r.Message.Contains("no index has been built yet", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryPassage_IndexesItsArticlesLead_AndNothingElseThere()
    {
        // The lead (title and first two passages) is analysed once per article and replayed into each passage.
        _articles.Write("three.txt", "Quokkas gathered at dawn.\n\nThe wombat council met later.\n\nA third paragraph about otters.\n\nA fourth about herons.");
        using var host = Host();
        host.Get<PassageIndex>().EnsureReady();

        using var directory = Lucene.Net.Store.FSDirectory.Open(CurrentFolder);
        using var reader = Lucene.Net.Index.DirectoryReader.Open(directory);
        var source = Enumerable.Range(0, reader.MaxDoc).Select(d => reader.Document(d).Get(PassageFields.Source)).ToArray();
        var passagesOf = source.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        var terms = Lucene.Net.Index.MultiFields.GetTerms(reader, PassageFields.ArticleLead).GetEnumerator();
        var leadTerms = new HashSet<string>(StringComparer.Ordinal);
        while (terms.MoveNext())
        {
            var term = terms.Term.Utf8ToString();
            leadTerms.Add(term);
            var docs = terms.Docs(null, null);
            var freqsByArticle = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            while (docs.NextDoc() != Lucene.Net.Search.DocIdSetIterator.NO_MORE_DOCS)
            {
                freqsByArticle.TryAdd(source[docs.DocID], []);
                freqsByArticle[source[docs.DocID]].Add(docs.Freq);
            }

            foreach (var (article, freqs) in freqsByArticle)
            {
                Assert.Equal(passagesOf[article], freqs.Count); // in every passage of the article…
                Assert.Single(freqs.Distinct()); // …as often in each
            }
        }

        var retriever = host.Get<IPassageRetriever>();
        Assert.Superset(retriever.Terms("quokkas gathered wombat council").ToHashSet(StringComparer.Ordinal), leadTerms);
        Assert.DoesNotContain(retriever.Terms("otters").Single(), leadTerms);
        Assert.DoesNotContain(retriever.Terms("herons").Single(), leadTerms);
    }

    [Fact]
    public void EnsureReady_UpToDateIndex_IsReusedWithoutRebuilding()
    {
        using (var first = Host())
        {
            first.Get<PassageIndex>().EnsureReady();
        }

        var folder = CurrentFolder;
        using var second = Host();
        second.Get<PassageIndex>().EnsureReady();

        Assert.Equal(folder, CurrentFolder);
        Assert.Null(second.Get<PassageIndex>().LastBuild);
    }

    [Fact]
    public void EnsureReady_ArticlesChanged_RebuildsAndFindsTheNewText()
    {
        using (var first = Host())
        {
            first.Get<PassageIndex>().EnsureReady();
        }

        var oldFolder = CurrentFolder;
        _articles.Write("three.txt", "The appeals court upheld the verdict in December.");
        using var second = Host();
        var hits = second.Get<IPassageRetriever>().Retrieve(new RetrievalRequest("appeals court upheld"), TestContext.Current.CancellationToken).Passages;

        Assert.NotEqual(oldFolder, CurrentFolder);
        Assert.False(Directory.Exists(oldFolder), "the replaced build is cleaned up");
        Assert.Equal("three.txt", hits[0].Passage.Source);
        Assert.Contains(_logs.Collector.GetSnapshot(), r => r.Message.Contains("articles changed", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("pointer", "names a missing or invalid folder")]
    [InlineData("segments", "incomplete or corrupt")]
    [InlineData("no-commit", "incomplete or corrupt")]
    [InlineData("segment-data", "unreadable")]
    public void EnsureReady_CorruptIndex_IsRebuiltWithALogLine(string damage, string expectedReason)
    {
        using (var first = Host())
        {
            first.Get<PassageIndex>().EnsureReady();
        }

        switch (damage)
        {
            case "pointer":
                File.WriteAllText(Pointer, "../../etc");
                break;
            case "segments":
                foreach (var segments in Directory.GetFiles(CurrentFolder, "segments*"))
                {
                    File.WriteAllText(segments, "garbage");
                }

                break;
            case "no-commit":
                foreach (var segments in Directory.GetFiles(CurrentFolder, "segments*"))
                {
                    File.Delete(segments);
                }

                break;
            default:
                foreach (var data in Directory.GetFiles(CurrentFolder, "_*").Where(f => !f.EndsWith(".si", StringComparison.Ordinal)))
                {
                    File.Delete(data);
                }

                break;
        }

        using var second = Host();
        var hits = second.Get<IPassageRetriever>().Retrieve(new RetrievalRequest("jury award"), TestContext.Current.CancellationToken).Passages;

        Assert.NotEmpty(hits);
        Assert.NotNull(second.Get<PassageIndex>().LastBuild);
        Assert.Contains(_logs.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.StartsWith("Rebuilding the passage index", StringComparison.Ordinal) && r.Message.Contains(expectedReason, StringComparison.Ordinal));
    }

    [Fact]
    public void EnsureReady_HalfWrittenBuildLeftByACrash_DoesNotReplaceTheCurrentIndex()
    {
        using (var first = Host())
        {
            first.Get<PassageIndex>().EnsureReady();
        }

        var folder = CurrentFolder;
        var crashed = _index.Combine("build-20990101T000000000-crashed");
        Directory.CreateDirectory(crashed);
        File.WriteAllText(Path.Combine(crashed, "_0.cfs"), "partial");

        using var second = Host();
        var hits = second.Get<IPassageRetriever>().Retrieve(new RetrievalRequest("Kaplan presided"), TestContext.Current.CancellationToken).Passages;

        Assert.Equal(folder, CurrentFolder);
        Assert.Equal("two.txt", hits[0].Passage.Source);
    }

    [Fact]
    public void Rebuild_OnDemand_SwapsToANewFolderAndKeepsAnswering()
    {
        using var host = Host();
        var index = host.Get<PassageIndex>();
        index.EnsureReady();
        var before = CurrentFolder;

        var report = index.Rebuild(TestContext.Current.CancellationToken);

        Assert.NotEqual(before, CurrentFolder);
        Assert.Equal(2, report.Articles);
        Assert.NotEmpty(host.Get<IPassageRetriever>().Retrieve(new RetrievalRequest("Kaplan"), TestContext.Current.CancellationToken).Passages);
    }

    [Fact]
    public void Rebuild_WhileASearchHoldsTheOldIndex_ClosesItOnlyWhenThatSearchEnds()
    {
        using var host = Host();
        var index = host.Get<PassageIndex>();
        index.EnsureReady();
        var lease = index.Acquire();
        var old = lease.Snapshot;

        index.Rebuild(TestContext.Current.CancellationToken);

        // The search in flight still reads the old index; new searches get the new one.
        Assert.Equal(4, old.Searcher.Search(new Lucene.Net.Search.MatchAllDocsQuery(), 10).TotalHits);
        using (var fresh = index.Acquire())
        {
            Assert.NotSame(old, fresh.Snapshot);
        }

        Assert.Equal(1, old.Reader.RefCount);
        lease.Dispose();
        Assert.Equal(0, old.Reader.RefCount);
        Assert.Throws<ObjectDisposedException>(() => old.Searcher.Search(new Lucene.Net.Search.MatchAllDocsQuery(), 10));
    }

    [Fact]
    public void Asides_AreSearchedOnlyWhenAskedFor_AndLeaveThePassagesScoresAsTheyWere()
    {
        var ct = TestContext.Current.CancellationToken;
        const string body = "The harbour inquiry opened in March.\n\nThe jury awarded the divers nothing.";
        using var plainArticles = new TempDirectory();
        using var plainIndex = new TempDirectory();
        plainArticles.Write("one.txt", " date 2023-05-09 A jury found Trump liable for sexual abuse.\n\nThe jury awarded Carroll $5 million.");
        plainArticles.Write("three.txt", body);
        _articles.Write("three.txt", body + "\n\nDivers inspect the collapsed quay wall at dawn. Photo / Getty Images\n\nThe wall was never rebuilt. — Ines Okafor (@inesokafor) March 3, 2021");
        File.Delete(_articles.Combine("two.txt"));
        using var plain = new CaseBotHost(plainArticles.Path, plainIndex.Path, logs: _logs);
        using var withAsides = Host();

        var expected = plain.Get<IPassageRetriever>().Retrieve(new RetrievalRequest("how much did the jury award"), ct).Passages;
        var found = withAsides.Get<IPassageRetriever>().Retrieve(new RetrievalRequest("how much did the jury award"), ct).Passages;
        Assert.Equal(expected.Select(p => (p.Passage.Id, p.Score)), found.Select(p => (p.Passage.Id, p.Score)));
        Assert.Equal(4, withAsides.Get<PassageIndex>().LastBuild!.Passages); // passages only

        var quay = withAsides.Get<IPassageRetriever>().Retrieve(new RetrievalRequest("Who inspected the quay wall?"), ct);
        Assert.All(quay.Passages, p => Assert.True(p.Passage.IsCitable));
        Assert.Empty(quay.Asides);
        var asked = withAsides.Get<IPassageRetriever>().Retrieve(new RetrievalRequest("Who inspected the quay wall?", Asides: 2), ct);
        Assert.Equal(2, asked.Asides.Count);
        Assert.Equal(CaseBot.Core.Articles.PassageKind.Caption, asked.Asides[0].Passage.Kind);
        Assert.StartsWith("Divers inspect", asked.Asides[0].Passage.Text, StringComparison.Ordinal);
        Assert.Equal(CaseBot.Core.Articles.PassageKind.SocialEmbed, asked.Asides[1].Passage.Kind);
    }

    public void Dispose()
    {
        _articles.Dispose();
        _index.Dispose();
        _logs.Dispose();
    }

    private CaseBotHost Host() => new(_articles.Path, _index.Path, logs: _logs);
}
