using CaseBot.Core.Articles;

namespace CaseBot.Core.Tests.Articles;

public class ArticleParserTests
{
    private const string Sample =
        " date 2023-05-10 Trump found liable for sexual abuse of E. Jean Carroll.\n\n" +
        "A Manhattan jury found Donald Trump liable on Tuesday. The jury awarded Ms. Carroll $5 million.\n\n" +
        "Carroll arrives at court in New York. Photo / AP\n\n" +
        "— E. Jean Carroll (@ejeancarroll) May 9, 2023\n\n" +
        "Where to get help:\n\n" +
        "• Call the National Sexual Assault Hotline on 800 656 4673\n\n" +
        "Trump said he would appeal the verdict.";

    [Fact]
    public void Parse_DateHeader_GivesTheDateAndIsNotPartOfAnyPassage()
    {
        var article = ArticleParser.Parse("a.txt", Sample);

        Assert.Equal(new DateOnly(2023, 5, 10), article.Date);
        Assert.DoesNotContain(article.Passages, p => p.Text.Contains("date 2023", StringComparison.Ordinal));
        Assert.StartsWith("Trump found liable", article.Passages[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CaptionsEmbedsAndHelplines_AreKeptButNotCitable()
    {
        var article = ArticleParser.Parse("a.txt", Sample);

        Assert.Equal(PassageKind.Caption, Kind(article, "Photo / AP"));
        Assert.Equal(PassageKind.SocialEmbed, Kind(article, "(@ejeancarroll)"));
        Assert.Equal(PassageKind.Helpline, Kind(article, "Where to get help"));
        Assert.Equal(PassageKind.Helpline, Kind(article, "800 656 4673"));
        Assert.Equal(PassageKind.Body, Kind(article, "would appeal"));
        Assert.All(article.Passages.Where(p => p.Kind != PassageKind.Body), p => Assert.False(p.IsCitable));
    }

    [Fact]
    public void Parse_Byline_IsRecognisedAndNotCitable()
    {
        var article = ArticleParser.Parse("b.txt", "By Jessica Schladebeck New York Daily News\n\nA judge rejected the request.");

        Assert.Equal("By Jessica Schladebeck New York Daily News", article.Byline);
        Assert.Equal(PassageKind.Byline, article.Passages[0].Kind);
        Assert.Null(article.Date);
    }

    [Fact]
    public void Parse_Offsets_MatchTheFileText()
    {
        var article = ArticleParser.Parse("a.txt", Sample);

        foreach (var passage in article.Passages)
        {
            Assert.Equal(passage.Text, Sample[passage.Start..passage.End]);
            foreach (var sentence in passage.Sentences)
            {
                Assert.Equal(passage.SentenceText(sentence), Sample[sentence.Start..sentence.End]);
            }
        }
    }

    [Fact]
    public void Parse_LongParagraph_IsCutAtSentenceBoundaries()
    {
        var sentence = "The judge wrote that the jury's finding was supported by the evidence presented at trial. ";
        var text = string.Concat(Enumerable.Repeat(sentence, 20)).TrimEnd();

        var article = ArticleParser.Parse("long.txt", text);

        Assert.True(article.Passages.Count > 1);
        Assert.All(article.Passages, p =>
        {
            Assert.True(p.Text.Length <= ArticleParser.MaxPassageLength);
            Assert.EndsWith("trial.", p.Text, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Parse_Metadata_OverridesTitleAndDate()
    {
        var metadata = new ArticleMetadata("Judge rejects new trial", "Daily News", "https://example.org/a", new DateOnly(2023, 7, 19));

        var article = ArticleParser.Parse("c.txt", "A judge rejected the request for a new trial.", metadata);

        Assert.Equal("Judge rejects new trial", article.Title);
        Assert.Equal(new DateOnly(2023, 7, 19), article.Date);
        Assert.Equal("Daily News", article.Outlet);
        Assert.All(article.Passages, p => Assert.Equal("Judge rejects new trial", p.Title));
    }

    [Fact]
    public void Parse_NoMetadata_DerivesTitleFromFirstSentence()
    {
        var article = ArticleParser.Parse("d.txt", "Trump loses appeal in Carroll case. More follows here.");

        Assert.Equal("Trump loses appeal in Carroll case", article.Title);
    }

    [Theory]
    [InlineData("In a ruling on Wednesday: Kaplan rejected Trump's arguments as unpersuasive, saying there was no miscarriage of justice at all")]
    [InlineData("The ruling is published as courtlistener.org/docket/carroll-v-trump/memorandum-opinion-and-order-denying-the-motion-for-a-new-trial in full")]
    public void Parse_NoMetadataAndALongFirstSentence_TitleEndsAtAWordBoundary(string sentence)
    {
        var article = ArticleParser.Parse("e.txt", sentence + ". More follows here.");

        Assert.EndsWith("…", article.Title, StringComparison.Ordinal);
        Assert.True(article.Title.Length <= ArticleParser.MaxDerivedTitleLength);
        var kept = article.Title[..^1];
        Assert.StartsWith(kept, sentence, StringComparison.Ordinal);
        Assert.Equal(' ', sentence[kept.Length]);
    }

    [Fact]
    public void Parse_MetadataOutlet_IsOnEveryPassage()
    {
        var article = ArticleParser.Parse("c.txt", "A judge rejected the request.\n\nTrump said he would appeal.", new ArticleMetadata(Outlet: "Daily News"));

        Assert.All(article.Passages, p => Assert.Equal("Daily News", p.Outlet));
    }

    private static PassageKind Kind(Article article, string containing) =>
        article.Passages.Single(p => p.Text.Contains(containing, StringComparison.Ordinal)).Kind;
}
