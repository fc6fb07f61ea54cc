using CaseBot.Core.Answering;
using CaseBot.Core.Answering.Ranking;
using CaseBot.Core.Articles;

namespace CaseBot.Core.Tests.Ranking;

public class SecondSentenceTests
{
    private static Candidate Sentence(string text, double score, params string[] values)
    {
        var passage = new Passage("p", "a.txt", "T", null, 0, text.Length, text, PassageKind.Body, [new TextSpan(0, text.Length)]);
        return new Candidate(passage, new TextSpan(0, text.Length), text, 0.5, values, new double[SentenceFeatures.Count]) { Score = score };
    }

    [Fact]
    public void Second_BestLacksTheValueAsked_TakesTheFirstWithinTheMarginThatHoldsOne()
    {
        List<Candidate> ranked =
        [
            Sentence("The harbour board rejected the appeal.", 5),
            Sentence("The appeal had been lodged in spring.", 4.5),
            Sentence("Chair Ines Varga wrote the board's decision.", 4, "ines varga"),
        ];

        Assert.Same(ranked[2], ExtractiveComposer.Second(ranked, AnswerType.Person, margin: 2));
    }

    [Fact]
    public void Second_BestHoldsTheValue_OrTheQuestionAsksForNone_IsTheRunnerUp()
    {
        List<Candidate> withValue =
        [
            Sentence("Chair Ines Varga rejected the appeal.", 5, "ines varga"),
            Sentence("The appeal had been lodged in spring.", 4.5),
            Sentence("Deputy Omar Lund agreed.", 4, "omar lund"),
        ];
        List<Candidate> general = [Sentence("The board rejected it.", 5), Sentence("It was lodged late.", 4.5), Sentence("Omar Lund agreed.", 4, "omar lund")];

        Assert.Same(withValue[1], ExtractiveComposer.Second(withValue, AnswerType.Person, margin: 2));
        Assert.Same(general[1], ExtractiveComposer.Second(general, AnswerType.General, margin: 2));
    }

    [Fact]
    public void Second_NothingWithinTheMargin_IsNone()
    {
        List<Candidate> ranked = [Sentence("The board rejected the appeal.", 5), Sentence("Omar Lund agreed.", 1, "omar lund")];

        Assert.Null(ExtractiveComposer.Second(ranked, AnswerType.Person, margin: 2));
    }
}
