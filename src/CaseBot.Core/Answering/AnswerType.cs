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

    /// <summary>A proper name of anything asked for by name ("what is the name of…"): a title, a law, a firm, a person.</summary>
    Name,
    Identity,
    Place,
    Reason,
    Quote,
    YesNo,
}
