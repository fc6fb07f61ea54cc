using CaseBot.Core.Articles;

namespace CaseBot.Core.Tests.Articles;

public class SentenceSplitterTests
{
    private static string[] Sentences(string text) =>
        [.. SentenceSplitter.Split(text).Select(s => text.Substring(s.Start, s.Length))];

    [Theory]
    [InlineData("E. Jean Carroll sued Donald Trump. He denied it.", "E. Jean Carroll sued Donald Trump.")]
    [InlineData("Mr Trump appealed. The court ruled.", "Mr Trump appealed.")]
    [InlineData("Ms. Carroll testified for days. The jury agreed.", "Ms. Carroll testified for days.")]
    [InlineData("The U.S. Justice Department stepped in. It later withdrew.", "The U.S. Justice Department stepped in.")]
    [InlineData("Dr. Smith gave evidence. Nobody objected.", "Dr. Smith gave evidence.")]
    [InlineData("Her essay was adapted from a book, Who Pays the Piper? A Study of Fees. It sold well.", "Her essay was adapted from a book, Who Pays the Piper? A Study of Fees.")]
    [InlineData("Did the Board Agree? Nobody knows.", "Did the Board Agree?")]
    [InlineData("The trial starts on Jan. 15 in Manhattan. It may last a week.", "The trial starts on Jan. 15 in Manhattan.")]
    [InlineData("U.S. District Judge Lewis A. Kaplan presided. He was firm.", "U.S. District Judge Lewis A. Kaplan presided.")]
    public void Split_AbbreviationsAndInitials_DoNotEndSentences(string text, string first)
    {
        var sentences = Sentences(text);

        Assert.Equal(2, sentences.Length);
        Assert.Equal(first, sentences[0]);
    }

    [Fact]
    public void Split_ClosingQuoteAfterStop_StaysWithItsSentence()
    {
        var sentences = Sentences("Trump said: “She’s not my type.” Carroll called that a lie. “It was him!” she wrote.");

        Assert.Equal(["Trump said: “She’s not my type.”", "Carroll called that a lie.", "“It was him!” she wrote."], sentences);
    }

    [Fact]
    public void Split_StraightQuotes_StayWithTheirSentence()
    {
        var sentences = Sentences("He called her a \"whack job.\" She sued again.");

        Assert.Equal(["He called her a \"whack job.\"", "She sued again."], sentences);
    }

    [Fact]
    public void Split_Dashes_NeverEndASentence()
    {
        var sentences = Sentences("The verdict — a sweeping defeat for Trump — came quickly. He appealed – again.");

        Assert.Equal(["The verdict — a sweeping defeat for Trump — came quickly.", "He appealed – again."], sentences);
    }

    [Fact]
    public void Split_Offsets_AreAbsoluteWithinTheRange()
    {
        const string text = "Header line\n\nFirst one. Second one.";
        var start = text.IndexOf('F', StringComparison.Ordinal);

        var spans = SentenceSplitter.Split(text, start, text.Length);

        Assert.Equal(["First one.", "Second one."], spans.Select(s => text.Substring(s.Start, s.Length)));
    }

    [Fact]
    public void Split_DecimalAmounts_AreNotSentenceEnds()
    {
        var sentences = Sentences("The jury awarded $83.3 million. Trump appealed.");

        Assert.Equal(["The jury awarded $83.3 million.", "Trump appealed."], sentences);
    }
}
