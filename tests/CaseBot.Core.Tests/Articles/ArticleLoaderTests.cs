using System.Text.Json;
using CaseBot.Core.Articles;
using CaseBot.Core.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CaseBot.Core.Tests.Articles;

public class ArticleLoaderTests
{
    private readonly ArticleLoader _loader = new(NullLogger<ArticleLoader>.Instance);

    [Fact]
    public void Load_BadFiles_AreReportedAndSkipped()
    {
        using var dir = new TempDirectory();
        dir.Write("good.txt", "Carroll sued Trump in 2019. The case went to trial.");
        dir.Write("notes.md", "A second article in Markdown.");
        dir.Write("empty.txt", "   \n\n");
        File.WriteAllBytes(dir.Combine("latin1.txt"), [0x43, 0x61, 0x72, 0x72, 0x6F, 0x6C, 0x6C, 0xE9, 0xFF, 0x2E]);
        dir.Write("ignored.csv", "not,an,article");

        var corpus = _loader.Load(dir.Path);

        Assert.Equal(["good.txt", "notes.md"], corpus.Articles.Select(a => a.Source).Order(StringComparer.Ordinal));
        Assert.Contains(corpus.Skipped, s => s.Source == "empty.txt" && s.Reason.Contains("empty", StringComparison.Ordinal));
        Assert.Contains(corpus.Skipped, s => s.Source == "latin1.txt" && s.Reason.Contains("UTF-8", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_MissingFolder_ThrowsNamingThePath()
    {
        var missing = Path.Combine(Path.GetTempPath(), "casebot-no-such-folder-" + Guid.NewGuid().ToString("N"));

        var ex = Assert.Throws<DirectoryNotFoundException>(() => _loader.Load(missing));

        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MetadataFile_GivesTitleOutletAndDate()
    {
        using var dir = new TempDirectory();
        dir.Write("a.txt", "Carroll sued Trump in 2019.");
        dir.Write(ArticleLoader.MetadataFileName, """{ "a.txt": { "title": "Carroll sues", "outlet": "Example News", "url": "https://example.org", "date": "2019-11-04" } }""");

        var article = Assert.Single(_loader.Load(dir.Path).Articles);

        Assert.Equal("Carroll sues", article.Title);
        Assert.Equal("Example News", article.Outlet);
        Assert.Equal(new DateOnly(2019, 11, 4), article.Date);
    }

    [Fact]
    public void Load_ShippedArticles_TakeHeadlineOutletAndDateFromArticlesJson()
    {
        var corpus = _loader.Load(Repo.Articles);

        var byFile = corpus.Articles.ToDictionary(a => a.Source, StringComparer.Ordinal);
        Assert.Equal(5, byFile.Count);
        Assert.Equal("Judge denies Trump a new trial in Carroll case", byFile["003_074237872b7e6506.txt"].Title);
        Assert.Equal("New York Daily News", byFile["003_074237872b7e6506.txt"].Outlet);
        Assert.Null(byFile["003_074237872b7e6506.txt"].Date);
        Assert.Null(byFile["000_b1b239877cd2bb70.txt"].Date);
        Assert.Equal(new DateOnly(2023, 9, 6), byFile["002_4c0763deb773561a.txt"].Date);
        Assert.Equal(new DateOnly(2021, 2, 24), byFile["004_ed27876df90e2d80.txt"].Date);
    }

    [Fact]
    public void Load_ShippedArticlesJson_GivesEveryArticleAShortHeadlineOfItsOwn()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Articles, ArticleLoader.MetadataFileName)));
        var corpus = _loader.Load(Repo.Articles);

        Assert.Equal(
            ArticleLoader.ArticleFiles(Repo.Articles).Select(Path.GetFileName).Order(StringComparer.Ordinal),
            metadata.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        foreach (var article in corpus.Articles)
        {
            var firstSentence = article.Passages.First(p => p.IsCitable).SentenceText(article.Passages.First(p => p.IsCitable).Sentences[0]);
            Assert.InRange(article.Title.Length, 20, 80);
            Assert.DoesNotContain("…", article.Title, StringComparison.Ordinal);
            Assert.False(firstSentence.StartsWith(article.Title, StringComparison.OrdinalIgnoreCase), $"{article.Source}: the title is the first sentence cut");
        }

        Assert.Equal(corpus.Articles.Count, corpus.Articles.Select(a => a.Title).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Load_ShippedArticles_MetadataChangesNoPassageTextOrOffsets()
    {
        using var bare = new TempDirectory();
        foreach (var file in ArticleLoader.ArticleFiles(Repo.Articles))
        {
            File.Copy(file, bare.Combine(Path.GetFileName(file)));
        }

        var withMetadata = _loader.Load(Repo.Articles).Passages.ToList();
        var without = _loader.Load(bare.Path).Passages.ToList();

        Assert.Equal(
            without.Select(p => (p.Id, p.Start, p.End, p.Text, p.Kind, string.Join(';', p.Sentences))),
            withMetadata.Select(p => (p.Id, p.Start, p.End, p.Text, p.Kind, string.Join(';', p.Sentences))));
    }

    [Fact]
    public void ContentHash_ChangesWhenAnArticleChanges()
    {
        using var dir = new TempDirectory();
        dir.Write("a.txt", "Carroll sued Trump in 2019.");
        var before = ArticleLoader.ComputeContentHash(dir.Path);

        dir.Write("a.txt", "Carroll sued Trump in 2022.");

        Assert.NotEqual(before, ArticleLoader.ComputeContentHash(dir.Path));
    }

    [Fact]
    public void Load_RealCorpus_EveryOffsetMatchesTheFile()
    {
        var corpus = _loader.Load(Repo.Articles);

        Assert.Equal(5, corpus.Articles.Count);
        Assert.Empty(corpus.Skipped);
        foreach (var article in corpus.Articles)
        {
            var file = CorpusFixture.FileText(article.Source);
            foreach (var passage in article.Passages)
            {
                Assert.Equal(passage.Text, file[passage.Start..passage.End]);
                Assert.All(passage.Sentences, s => Assert.Equal(passage.SentenceText(s), file[s.Start..s.End]));
            }
        }
    }
}
