namespace CaseBot.Core.Answering;

/// <summary>The kind of answer a question asks for.</summary>
public enum AnswerType
{
    General,
    Amount,
    Count,
    Date,
    Age,
    Person,
    Identity,
    Place,
    Reason,
    Quote,
    YesNo,
}
