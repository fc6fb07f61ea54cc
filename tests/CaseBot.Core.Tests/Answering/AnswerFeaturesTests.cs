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

    [Theory]
    [InlineData("What is the name of the captain's book?", "The captain wrote a memoir, Salt And Iron On The Tide, in 2019.", "salt and iron on the tide")]
    [InlineData("What is the name of the firm that represents Okafor?", "Okafor is represented by Brandt Miller Holloway of Leeds.", "brandt miller holloway of leeds")]
    [InlineData("What is the name of the guard who searched the hold?", "A guard searched the hold on Monday.", "")]
    [InlineData("What's the name of the tug?", "Tugs arrived in March to pull the tanker free.", "")]
    public void Name_FindsProperNamesTheQuestionLacks_NotFirstWordsMonthsOrItsOwnNames(string question, string sentence, string expected)
    {
        var names = AnswerFeatures.Find(AnswerType.Name, sentence, question);

        Assert.Equal(expected, string.Join("|", names));
    }

    [Theory]
    [InlineData("The court upheld the award on 9 April 2025.", "april 2025")]
    [InlineData("The court upheld the award on April 9, 2025.", "april 9 2025")]
    [InlineData("The panel ruled on Tuesday.", "tuesday")]
    public void Date_AMonthBeforeAYear_KeepsTheYear(string sentence, string expected)
    {
        var dates = AnswerFeatures.Find(AnswerType.Date, sentence, "When did it happen?");

        Assert.Equal(expected, string.Join("|", dates));
    }
}
