using CaseBot.Core.Answering;

namespace CaseBot.Core.Tests.Answering;

public class QuestionClassifierTests
{
    [Theory]
    [InlineData("How much did the jury award Carroll?", AnswerType.Amount)]
    [InlineData("how much money was she given for reputation repair", AnswerType.Amount)]
    [InlineData("When did the attack take place?", AnswerType.Date)]
    [InlineData("In what year did Carroll sue?", AnswerType.Date)]
    [InlineData("Who presided over the trial?", AnswerType.Person)]
    [InlineData("What is the amount of the bond the captain posted?", AnswerType.Amount)]
    [InlineData("What was the total the harbour authority paid?", AnswerType.Amount)]
    [InlineData("How much time did the prosecutors ask for?", AnswerType.Count)]
    [InlineData("How many jurors were there?", AnswerType.Count)]
    [InlineData("How old is Carroll?", AnswerType.Age)]
    [InlineData("Where did the assault happen?", AnswerType.Place)]
    [InlineData("Why did the judge reject the motion?", AnswerType.Reason)]
    [InlineData("Did Trump testify at the trial?", AnswerType.YesNo)]
    [InlineData("What did the jury find?", AnswerType.General)]
    [InlineData("What is the name of the ship's captain?", AnswerType.Name)]
    [InlineData("what are the names of the two witnesses", AnswerType.Name)]
    [InlineData("Whats the mayor's first name?", AnswerType.Name)]
    [InlineData("What is the name of the judge?", AnswerType.Person)]
    public void Classify_QuestionWording_GivesTheAnswerType(string question, AnswerType expected) =>
        Assert.Equal(expected, QuestionClassifier.Classify(question).Type);

    [Theory]
    [InlineData("Who is the captain's lawyer?", "lawyer")]
    [InlineData("What is the name of the vessel that ran aground?", "vessel")]
    [InlineData("Which harbour did it leave from?", "harbour")]
    public void Classify_NounAskedAbout_IsTheCategory(string question, string noun) =>
        Assert.Equal(noun, QuestionClassifier.Classify(question).CategoryNoun);

    [Theory]
    [InlineData("When is the next trial?", true)]
    [InlineData("What is the current status of the appeal?", true)]
    [InlineData("Who is the judge?", false)]
    public void Classify_TimingWords_MarkTheQuestionTimeSensitive(string question, bool expected) =>
        Assert.Equal(expected, QuestionClassifier.Classify(question).TimeSensitive);

    [Theory]
    [InlineData("Why didn't she go to the harbour master?", true)]
    [InlineData("how did they first meet", true)]
    [InlineData("What did his lawyers argue?", true)]
    [InlineData("Did Okafor say he would stay?", false)]
    [InlineData("What is the capital of France?", false)]
    [InlineData("Where was the ship built?", false)]
    public void Classify_PronounBeforeAnyName_PresumesWhomItIsAbout(string question, bool expected) =>
        Assert.Equal(expected, QuestionClassifier.Classify(question).PresumesSubject);
}
