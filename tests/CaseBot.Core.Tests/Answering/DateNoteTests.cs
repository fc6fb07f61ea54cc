using CaseBot.Core.Answering;
using CaseBot.Core.Tests.Support;

namespace CaseBot.Core.Tests.Answering;

/// <summary>
/// A "when" answer that says only "on Tuesday" or "in May" names the report's date, which tells which Tuesday; one
/// that gives the year needs no note. Made-up articles that share no words with the real ones.
/// </summary>
public sealed class DateNoteTests : IDisposable
{
    private readonly TempDirectory _articles = new();
    private readonly TempDirectory _index = new();

    public DateNoteTests()
    {
        _articles.Write(
            "a1.txt",
            " date 2025-03-05 The arbitration panel ruled on Tuesday that the shipowner Halvorsen Lines must pay demurrage to the charterer.\n\n" +
            "The charterer had claimed demurrage for the eleven days the tanker waited at the terminal.\n\n" +
            "Halvorsen Lines said it would challenge the arbitration award in the commercial court.");
        _articles.Write(
            "a2.txt",
            " date 2025-04-10 The commercial court upheld the arbitration award on 9 April 2025, rejecting the shipowner's challenge.\n\n" +
            "Lawyers for the charterer said the tanker's delay was the shipowner's fault and the award should stand.");
    }

    [Fact]
    public async Task WhenAnswer_WithOnlyAWeekday_NamesTheReportsDate()
    {
        using var host = new CaseBotHost(_articles.Path, _index.Path);

        var answer = await host.Get<CaseBotChat>().AskAsync("c1", "When did the arbitration panel rule on the demurrage?", TestContext.Current.CancellationToken);

        Assert.True(answer.Answered, answer.Text);
        Assert.Contains("on Tuesday", answer.Text, StringComparison.Ordinal);
        Assert.Contains("is from a report dated Wednesday 5 March 2025.", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenAnswer_WithTheYear_HasNoDateNote()
    {
        using var host = new CaseBotHost(_articles.Path, _index.Path);

        var answer = await host.Get<CaseBotChat>().AskAsync("c2", "When did the commercial court uphold the arbitration award?", TestContext.Current.CancellationToken);

        Assert.True(answer.Answered, answer.Text);
        Assert.Contains("9 April 2025", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("is from a report dated", answer.Text, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _articles.Dispose();
        _index.Dispose();
    }
}
