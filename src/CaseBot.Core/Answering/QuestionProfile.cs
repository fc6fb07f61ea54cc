namespace CaseBot.Core.Answering;

/// <summary>
/// What the classifier saw in a question: the answer type, the noun naming the category asked for, whether timing
/// matters, and whether it speaks of someone by a pronoun it names nowhere before ("Why didn't she go to the police?"),
/// presuming who it is about.
/// </summary>
internal sealed record QuestionProfile(AnswerType Type, string? CategoryNoun, bool TimeSensitive, bool PresumesSubject = false);
