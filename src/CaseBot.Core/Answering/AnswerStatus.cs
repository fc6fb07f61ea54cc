namespace CaseBot.Core.Answering;

/// <summary>How a question was handled. Only <see cref="Answered"/> means the articles answer it.</summary>
public enum AnswerStatus
{
    Answered,
    NotInArticles,
    OffTopic,
    DeclinedInstruction,
    EmptyQuestion,
}
