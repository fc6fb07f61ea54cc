using CaseBot.Core.Answering;
using CaseBot.Core.Conversations;

namespace CaseBot.Core.Tests.Answering;

public class FollowUpResolverTests
{
    private static readonly ConversationTurn Earlier = new(
        "Who accused Trump of rape?",
        new Answer("E. Jean Carroll accused Donald Trump of raping her in a department store. [1]", AnswerStatus.Answered, []));

    [Theory]
    [InlineData("How old is she?", 1)]
    [InlineData("And how much of that was for reputation repair?", 3)]
    [InlineData("What about the second lawsuit?", 2)]
    [InlineData("When did it happen?", 1)]
    public void IsFollowUp_PronounsAndContinuations_AreFollowUps(string question, int contentWords) =>
        Assert.True(FollowUpResolver.IsFollowUp(question, contentWords));

    [Theory]
    [InlineData("How much did the jury award E. Jean Carroll in May?", 5)]
    [InlineData("What does Carroll want in her first lawsuit?", 4)]
    public void IsFollowUp_SelfContainedQuestions_AreNot(string question, int contentWords) =>
        Assert.False(FollowUpResolver.IsFollowUp(question, contentWords));

    [Fact]
    public void ContextFor_FollowUp_CarriesThePreviousQuestionAndTheNamesInItsAnswer()
    {
        var context = FollowUpResolver.ContextFor("How old is she?", [Earlier], contentWords: 1);

        Assert.Equal(Earlier.Question, context[0]);
        Assert.Contains(context, c => c.Contains("Jean Carroll", StringComparison.Ordinal));
    }

    [Fact]
    public void ContextFor_AnAnswerWithAValueMarked_CarriesItWithThePreviousQuestion()
    {
        const string quote = "The contractor, Ines Okafor, pleaded guilty on Monday.";
        var answered = new ConversationTurn(
            "Who was the contractor?",
            new Answer($"{quote} [1]", AnswerStatus.Answered, [new Citation(1, "a.txt", "A title", null, quote, 0, quote.Length, "a#0")])
            {
                AnswerSpan = new AnswerSpan(1, "Ines Okafor", 16, 27),
            });

        var context = FollowUpResolver.ContextFor("What did she plead guilty to?", [answered], contentWords: 2);

        Assert.Equal("Who was the contractor? Ines Okafor", context[0]);
    }

    [Fact]
    public void ContextFor_NoHistoryOrStandaloneQuestion_IsEmpty()
    {
        Assert.Empty(FollowUpResolver.ContextFor("How old is she?", [], contentWords: 1));
        Assert.Empty(FollowUpResolver.ContextFor("Which judge presided over the Carroll trial?", [Earlier], contentWords: 4));
    }
}
