using CaseBot.Core.Timeline;

namespace CaseBot.Core.Tests.Timeline;

public class DateRecogniserTests
{
    [Theory]
    [InlineData("The trial begins on January 15, 2024.", null, "2024-01-15")]
    [InlineData("The riot happened on 6 January 2021.", null, "2021-01-06")]
    [InlineData("The board revoked the licence on Feb. 27, 2022.", null, "2022-02-27")]
    [InlineData("She was hired in May 2023.", null, "2023-05")]
    [InlineData("She says the assault happened in the spring of 1996.", null, "1996")]
    [InlineData("They first met in 2019.", null, "2019")]
    [InlineData("The mill reopened in mid-2018.", null, "2018")]
    [InlineData("The plan was approved last year.", "2023-09-06", "2022")]
    [InlineData("The retrial will start next year.", "2023-09-06", "2024")]
    [InlineData("The firm went to trial earlier this year.", "2023-09-06", "2023")]
    [InlineData("The council met last month.", "2023-01-20", "2022-12")]
    [InlineData("The judge revoked his bail on Feb. 27.", "2024-10-03", "2024-02-27")]
    [InlineData("The sentencing had originally been scheduled for September 26 but was postponed.", "2024-10-03", "2024-09-26")]
    [InlineData("The board approved the budget in March.", "2023-09-06", "2023-03")]
    [InlineData("The council met in November.", "2023-09-06", "2022-11")]
    [InlineData("A civil trial scheduled for January will decide the damages.", "2023-09-06", "2024-01")]
    [InlineData("The agency said customers are expected to recover most funds under a plan approved in August.", "2024-10-03", "2024-08")]
    [InlineData("The mayor signed the order yesterday.", "2024-03-14", "2024-03-13")]
    public void EventDateOf_Sentence_IsTheDateItStates(string sentence, string? articleDate, string expected)
    {
        var date = articleDate is null ? (DateOnly?)null : DateOnly.Parse(articleDate, System.Globalization.CultureInfo.InvariantCulture);

        var mention = DateRecogniser.EventDateOf(DateRecogniser.Find(sentence, date));

        Assert.NotNull(mention);
        Assert.Equal(expected, mention.Value.Date.ToString());
    }

    [Theory]
    [InlineData("The council voted on Monday to close the mill.", "2024-03-11")]
    [InlineData("The mayor signed the order on Thursday.", "2024-03-14")]
    [InlineData("The regional board will review the closure on Monday.", "2024-03-18")]
    [InlineData("On Monday, the regional board will review the closure.", "2024-03-18")]
    [InlineData("The council ruled on Tuesday that the mill will close.", "2024-03-12")]
    [InlineData("The union met last Thursday.", "2024-03-07")]
    [InlineData("The mill closes for good next Thursday.", "2024-03-21")]
    public void EventDateOf_Weekday_IsResolvedAgainstTheArticleDate(string sentence, string expected)
    {
        var thursday = new DateOnly(2024, 3, 14);

        var mention = DateRecogniser.EventDateOf(DateRecogniser.Find(sentence, thursday));

        Assert.NotNull(mention);
        Assert.Equal(expected, mention.Value.Date.ToString());
    }

    [Theory]
    [InlineData("The council voted on Monday to close the mill.")]
    [InlineData("The board approved the budget in March.")]
    [InlineData("The retrial will start next year.")]
    public void EventDateOf_RelativeDateInAnUndatedArticle_IsNone(string sentence)
    {
        Assert.Null(DateRecogniser.EventDateOf(DateRecogniser.Find(sentence, null)));
    }

    [Theory]
    [InlineData("He pleaded not guilty over his 2020 election loss.")]
    [InlineData("Prosecutors cited the 6 January 2021 riot at the depot.")]
    [InlineData("The agency may respond soon.")]
    [InlineData("Sales rose in the 1990s.")]
    [InlineData("The refund of $2019 was paid.")]
    public void EventDateOf_NoDateOfTheEvent_IsNone(string sentence)
    {
        Assert.Null(DateRecogniser.EventDateOf(DateRecogniser.Find(sentence, new DateOnly(2023, 9, 6))));
    }

    [Fact]
    public void EventDateOf_RelativeDateInsideAQuotation_IsNone()
    {
        var mentions = DateRecogniser.Find("“I would send that letter again tomorrow,” she said.", new DateOnly(2024, 10, 2));

        Assert.Null(DateRecogniser.EventDateOf(mentions));
    }

    [Fact]
    public void EventDateOf_WeekdayAndCalendarDate_PrefersTheCalendarDate()
    {
        var friday = new DateOnly(2023, 3, 10);

        var mention = DateRecogniser.EventDateOf(DateRecogniser.Find("The exchange froze withdrawals on Friday, March 3, after a run.", friday));

        Assert.Equal("2023-03-03", mention?.Date.ToString());
    }

    [Theory]
    [InlineData(DatePrecision.Year, "2019", "2019")]
    [InlineData(DatePrecision.Month, "2019-06", "June 2019")]
    [InlineData(DatePrecision.Day, "2024-01-15", "15 January 2024")]
    public void EventDate_Formats_ByPrecision(DatePrecision precision, string iso, string display)
    {
        var date = new EventDate(precision, precision switch
        {
            DatePrecision.Year => new DateOnly(2019, 1, 1),
            DatePrecision.Month => new DateOnly(2019, 6, 1),
            _ => new DateOnly(2024, 1, 15),
        });

        Assert.Equal(iso, date.ToString());
        Assert.Equal(display, date.ToDisplayString());
    }
}
