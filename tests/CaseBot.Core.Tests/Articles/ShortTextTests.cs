using CaseBot.Core.Articles;

namespace CaseBot.Core.Tests.Articles;

public class ShortTextTests
{
    [Theory]
    [InlineData("A judge in New York has ruled that Donald Trump is liable for defaming writer E Jean Carroll", 56, "A judge in New York has ruled that Donald Trump is…")]
    [InlineData("Judge denies Trump a new trial in Carroll case", 30, "Judge denies Trump a new…")]
    [InlineData("Kaplan ruled: the damages stand, and the trial goes on", 16, "Kaplan ruled…")]
    [InlineData("Verdict upheld, appeal — pending", 28, "Verdict upheld, appeal…")]
    public void Cut_LongText_EndsAfterAWholeWordWithAnEllipsis(string text, int max, string expected)
    {
        var cut = ShortText.Cut(text, max);

        Assert.Equal(expected, cut);
        Assert.True(cut.Length <= max);
        var kept = cut[..^1];
        Assert.StartsWith(kept, text, StringComparison.Ordinal);
        Assert.False(char.IsLetterOrDigit(text[kept.Length]), $"cut inside a word: '{cut}'");
    }

    [Fact]
    public void Cut_TextThatFits_IsUnchanged()
    {
        Assert.Equal("Judge denies Trump a new trial", ShortText.Cut("Judge denies Trump a new trial", 30));
    }

    [Theory]
    [InlineData(20)]
    [InlineData(33)]
    [InlineData(47)]
    [InlineData(61)]
    public void Cut_AnyLength_NeverEndsInsideAWord(int max)
    {
        const string title = "Carroll hopes her case against Trump moves ahead now he has left office";

        var cut = ShortText.Cut(title, max);

        Assert.EndsWith("…", cut, StringComparison.Ordinal);
        Assert.True(cut.Length <= max);
        Assert.Contains(" " + cut[..^1].Split(' ')[^1] + " ", " " + title + " ", StringComparison.Ordinal);
    }
}
