using System.Text;
using CaseBot.Core.Articles;
using CaseBot.Core.Retrieval;
using CaseBot.Core.Timeline;
using Microsoft.Extensions.Logging.Abstractions;

namespace CaseBot.Core.Tests.Timeline;

public sealed class TimelineBuilderTests : IDisposable
{
    private readonly CaseAnalyzer _analyzer = new();
    private readonly ArticleLoader _loader = new(NullLogger<ArticleLoader>.Instance);
    private readonly TimelineBuilder _builder;

    public TimelineBuilderTests()
    {
        _builder = new TimelineBuilder(_analyzer, NullLogger<TimelineBuilder>.Instance);
    }

    public static TheoryData<string> Corpora => new()
    {
        Repo.Articles,
        Repo.OtherCaseArticles,
        Path.Combine(Repo.Root, "tests", "thirdcase", "articles"),
    };

    [Theory]
    [MemberData(nameof(Corpora))]
    public void Build_Corpus_ListsAtLeastTenDatedEventsInDateOrder(string articles)
    {
        var entries = _builder.Build(_loader.Load(articles));

        Assert.True(entries.Count >= 10, $"{entries.Count} events");
        for (var i = 1; i < entries.Count; i++)
        {
            var (previous, current) = (entries[i - 1].Date, entries[i].Date);
            Assert.True(
                previous.Earliest < current.Earliest || (previous.Earliest == current.Earliest && previous.Precision <= current.Precision),
                $"{previous} is listed before {current}");
        }
    }

    [Theory]
    [MemberData(nameof(Corpora))]
    public void Build_Corpus_EveryQuoteIsTheArticleTextAtItsOffsets(string articles)
    {
        var entries = _builder.Build(_loader.Load(articles));

        foreach (var citation in entries.SelectMany(e => e.Citations))
        {
            var text = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(articles, citation.Source)));
            Assert.Equal(text[citation.Start..citation.End], citation.Quote);
        }
    }

    [Theory]
    [MemberData(nameof(Corpora))]
    public void Build_Corpus_ListsNoEventOrSentenceTwice(string articles)
    {
        var entries = _builder.Build(_loader.Load(articles));

        Assert.Equal(entries.Count, entries.Select(e => (e.Date, e.Text)).Distinct().Count());
        var sentences = entries.SelectMany(e => e.Citations).Select(c => (c.Source, c.Start)).ToList();
        Assert.Equal(sentences.Count, sentences.Distinct().Count());
    }

    [Fact]
    public void Build_ShippedCorpus_OneEventReportedByTwoArticlesIsOneEntry()
    {
        var entries = _builder.Build(_loader.Load(Repo.Articles));

        // Two articles date the book excerpt to June 2019; a third says only that she went public in 2019.
        var excerpt = Assert.Single(entries, e => e.Date.ToString() == "2019-06");
        Assert.Equal(3, excerpt.Citations.Select(c => c.Source).Distinct().Count());
        Assert.Equal(2, excerpt.Citations.Count(c => c.Quote.Contains("June 2019", StringComparison.Ordinal)));
        Assert.DoesNotContain(entries, e => e.Date.ToString() == "2019");
    }

    [Fact]
    public void Build_ShippedCorpus_UndatedArticlesAreReadInTheYearTheirEventsHave()
    {
        var entries = _builder.Build(_loader.Load(Repo.Articles));

        // The undated reports of the May verdict join the dated ones; the countersuit only an undated article reports
        // ("filing his own suit in June") is June 2023, marked as inferred.
        var verdict = Assert.Single(entries, e => e.Date.ToString() == "2023-05");
        Assert.Contains(verdict.Citations, c => c.ArticleDate is null);
        Assert.False(verdict.YearInferred);
        var countersuit = Assert.Single(entries, e => e.Date.ToString() == "2023-06");
        Assert.True(countersuit.YearInferred);
        Assert.Null(Assert.Single(countersuit.Citations).ArticleDate);
        Assert.Equal("June 2023 (year inferred)", countersuit.DateLabel);
    }

    [Fact]
    public void Build_UndatedArticleWhoseMonthsMatchDatedEvents_IsReadInThatYear()
    {
        using var dir = new TempDirectory();
        dir.Write("dated.txt", """
             date 2022-09-01 The Harwell tenants' union filed its lawsuit against Pellmont Properties in May over unsafe heating.

            The city inspected the boilers in 2019.
            """);
        dir.Write("undated.txt", """
            The Harwell tenants' union sued Pellmont Properties in May, saying the heating was unsafe.

            Pellmont appealed the housing board's ruling in August.

            The council of Brindlemoor voted on Monday to close the old Quillfeather mill.
            """);

        var entries = _builder.Build(_loader.Load(dir.Path));

        Assert.Equal(["2019", "2022-05", "2022-08"], entries.Select(e => e.Date.ToString()));
        Assert.Equal(["dated.txt", "undated.txt"], entries[1].Citations.Select(c => c.Source));
        Assert.False(entries[1].YearInferred);
        Assert.True(entries[2].YearInferred);
        Assert.Contains("appealed", entries[2].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_UndatedArticleWhoseMonthsMatchNothing_KeepsOnlyStatedYears()
    {
        using var dir = new TempDirectory();
        dir.Write("dated.txt", """
             date 2022-09-01 The Harwell tenants' union filed its lawsuit against Pellmont Properties in May over unsafe heating.
            """);
        dir.Write("undated.txt", """
            The Quillfeather mill closed its doors in May after a century.

            Pellmont appealed the housing board's ruling in August.
            """);

        var entries = _builder.Build(_loader.Load(dir.Path));

        Assert.Equal(["2022-05"], entries.Select(e => e.Date.ToString()));
        Assert.Equal("dated.txt", Assert.Single(entries[0].Citations).Source);
    }

    [Fact]
    public void Build_YearOnlySummaryOfAnEventDatedExactlyElsewhere_IsOneEntry()
    {
        using var dir = new TempDirectory();
        dir.Write("a.txt", """
             date 2022-09-01 The tenants' union first went public with its grievances in 2019.
            """);
        dir.Write("b.txt", """
             date 2022-09-02 The union first published its complaints about the heating in a newsletter in June 2019.

            The city inspected the boilers in 2019 after a fire.
            """);

        var entries = _builder.Build(_loader.Load(dir.Path));

        Assert.Equal(["2019", "2019-06"], entries.Select(e => e.Date.ToString()));
        Assert.Contains("inspected", entries[0].Text, StringComparison.Ordinal);
        Assert.Equal(["a.txt", "b.txt"], entries[1].Citations.Select(c => c.Source));
    }

    [Fact]
    public void Build_WeekdaysAndMonths_AreResolvedAgainstTheArticleDate()
    {
        using var dir = new TempDirectory();
        dir.Write("mill.txt", """
             date 2024-03-14 The council of Brindlemoor voted on Monday to close the old Quillfeather mill.

            On Thursday the mayor, Odile Fenwick, signed the closure order.

            The regional board will review the closure on Monday.

            The mill's owners bought the site in March.

            A court hearing on the sale is scheduled for January.
            """);

        var entries = _builder.Build(_loader.Load(dir.Path));

        Assert.Equal(
            ["2024-03", "2024-03-11", "2024-03-14", "2024-03-18", "2025-01"],
            entries.Select(e => e.Date.ToString()));
        Assert.Contains("voted on Monday", entries[1].Text, StringComparison.Ordinal);
        Assert.Contains("will review", entries[3].Text, StringComparison.Ordinal);
        var citation = Assert.Single(entries[1].Citations);
        Assert.Equal("mill.txt", citation.Source);
        Assert.Equal(new DateOnly(2024, 3, 14), citation.ArticleDate);
    }

    [Fact]
    public void Build_UndatedArticle_LeavesOutRelativeDatesAndKeepsExplicitOnes()
    {
        using var dir = new TempDirectory();
        dir.Write("undated.txt", """
            The council of Brindlemoor voted on Monday to close the old Quillfeather mill.

            The mill's owners bought the site in March.

            The mill first opened on April 2, 1911, and employed four hundred people.
            """);

        var entries = _builder.Build(_loader.Load(dir.Path));

        var entry = Assert.Single(entries);
        Assert.Equal("1911-04-02", entry.Date.ToString());
        Assert.Null(Assert.Single(entry.Citations).ArticleDate);
    }

    [Fact]
    public void Build_SameEventInTwoArticles_IsOneEntryWithBothCitations()
    {
        using var dir = new TempDirectory();
        dir.Write("a.txt", """
             date 2022-06-10 The Harwell tenants' union filed its lawsuit against Pellmont Properties in May 2022 over unsafe heating.

            Pellmont Properties hired a new chief executive, Ilse Varga, in May 2022.

            Tenants say the boilers have failed every winter since the building changed hands.
            """);
        dir.Write("b.txt", """
             date 2022-07-01 A hearing on the tenants' complaints is expected before the end of the year.

            In May 2022, the Harwell tenants' union filed a lawsuit against Pellmont Properties over unsafe heating, its lawyer said.

            The landlord denies that the heating was ever unsafe.
            """);

        var entries = _builder.Build(_loader.Load(dir.Path));

        Assert.Equal(2, entries.Count);
        var lawsuit = Assert.Single(entries, e => e.Text.Contains("lawsuit", StringComparison.Ordinal));
        Assert.Equal("2022-05", lawsuit.Date.ToString());
        Assert.Equal(["a.txt", "b.txt"], lawsuit.Citations.Select(c => c.Source));
        var hiring = Assert.Single(entries, e => e.Text.Contains("chief executive", StringComparison.Ordinal));
        Assert.Single(hiring.Citations);
    }

    [Fact]
    public void Build_SameEventAtTwoPrecisions_IsOneEntryAtTheExactDate()
    {
        using var dir = new TempDirectory();
        dir.Write("a.txt", """
             date 2023-02-01 The retrial of the Ostrava Freight case is scheduled to begin on March 20, 2023.

            The freight company has denied every claim.
            """);
        dir.Write("b.txt", """
             date 2023-02-02 The retrial of the Ostrava Freight case will begin in March, the court said.

            Its drivers have been on strike since the autumn.
            """);

        var entries = _builder.Build(_loader.Load(dir.Path));

        var retrial = Assert.Single(entries);
        Assert.Equal("2023-03-20", retrial.Date.ToString());
        Assert.Equal(2, retrial.Citations.Count);
        Assert.Contains("March 20, 2023", retrial.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_SameAmountInOneMonth_IsOneEventHoweverItIsWorded()
    {
        using var dir = new TempDirectory();
        dir.Write("a.txt", """
             date 2021-09-02 In August, an arbitrator ordered the shipping line to pay the dockworkers $3.2 million in back wages.

            The union had asked for more.
            """);
        dir.Write("b.txt", """
             date 2021-10-12 The appeal challenges August's 3.2-million-dollar award, its lawyers said.

            In August the port also reopened its northern terminal.
            """);

        var entries = _builder.Build(_loader.Load(dir.Path));

        var award = Assert.Single(entries, e => e.Citations.Count == 2);
        Assert.Equal("2021-08", award.Date.ToString());
        Assert.Single(entries, e => e.Text.Contains("terminal", StringComparison.Ordinal));
        Assert.Equal(2, entries.Count);
    }

    [Fact]
    public void Build_TwoReportsOfOneDay_AreOneEventOnlyWhenTheyShareItsWords()
    {
        using var dir = new TempDirectory();
        dir.Write("a.txt", """
             date 2022-03-16 A state judge ruled on Wednesday that the mill owner is liable for polluting the river with dye waste.

            Residents of the valley testified on Wednesday about the colour of their well water.
            """);
        dir.Write("b.txt", """
             date 2022-03-16 In a written decision issued on Wednesday, the judge said the owner knew of the dye waste for years.
            """);

        var entries = _builder.Build(_loader.Load(dir.Path));

        Assert.Equal(2, entries.Count);
        var ruling = Assert.Single(entries, e => e.Citations.Count == 2);
        Assert.Equal("2022-03-16", ruling.Date.ToString());
        Assert.Equal(["a.txt", "b.txt"], ruling.Citations.Select(c => c.Source));
    }

    [Theory]
    [InlineData("The judge issued a ruling that the mayor had made false statements in 2019 after the vote.", "2019", true)]
    [InlineData("After the lawsuit was filed in 2019, her lawyer hired an investigator.", "2019", true)]
    [InlineData("The council approved the bridge in 2019 after a long debate.", "2019", false)]
    [InlineData("The exchange that once called itself \"the safest place,\" filed for bankruptcy on Thursday.", "Thursday", false)]
    [InlineData("The mill, which opened in 1911, closed in 1962.", "1962", false)]
    public void InSubordinateClause_DateOfAThatClauseOrAnOpeningSubordinateClause(string sentence, string date, bool expected)
    {
        var start = sentence.IndexOf(date, StringComparison.Ordinal);

        Assert.Equal(expected, TimelineBuilder.InSubordinateClause(sentence, new TextSpan(start, start + date.Length)));
    }

    [Fact]
    public void Build_DateOfWhatARulingSaysHappened_DoesNotDateTheRuling()
    {
        using var dir = new TempDirectory();
        dir.Write("a.txt", """
             date 2022-03-16 The appeals court issued a decision that the mill owner had polluted the river in 2019.

            The mill owner filed an appeal in April 2021.
            """);

        var entries = _builder.Build(_loader.Load(dir.Path));

        Assert.Equal("2021-04", Assert.Single(entries).Date.ToString());
    }

    [Fact]
    public void Build_NonBodyParagraphs_AreNotEvents()
    {
        using var dir = new TempDirectory();
        dir.Write("a.txt", """
             date 2023-02-01 The council approved the new bridge in January 2023.

            Crowds at the old bridge in 2019. Photo / Wexcombe Archive
            """);

        var entries = _builder.Build(_loader.Load(dir.Path));

        Assert.Equal("2023-01", Assert.Single(entries).Date.ToString());
    }

    public void Dispose() => _analyzer.Dispose();
}
