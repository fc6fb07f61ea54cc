using CaseBot.Core.Answering;

namespace CaseBot.Core.Tests.Answering;

public sealed class AnswerFeaturesTests
{
    [Theory]
    [InlineData("which judge ruled that trump defamed carrol", "A judge ruled that Donald Trump defamed E Jean Carroll.", "")]
    [InlineData("which judge ruled that trump defamed carrol", "District Judge Lewis Kaplan said Carroll's statements are true.", "lewis|kaplan")]
    [InlineData("Who did Carroll tell at the time?", "Carroll told two friends, Lisa Birnbach and Carol Martin.", "friends|lisa|birnbach|carol|martin")]
    [InlineData("Who is Roberta Kaplan?", "Roberta Kaplan, Carroll's lawyer, spoke to reporters.", "carroll|reporters")]
    public void Person_LeavesOutNamesTheQuestionHolds_EvenMisspelt_AndWhole(string question, string sentence, string expected)
    {
        var names = AnswerFeatures.Find(AnswerType.Person, sentence, question);

        Assert.Equal(expected, string.Join("|", names));
    }
}
