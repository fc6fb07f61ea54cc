namespace CaseBot.Core.Answering;

/// <summary>What the classifier saw in a question: the answer type, the noun naming the category asked for, and whether timing matters.</summary>
internal sealed record QuestionProfile(AnswerType Type, string? CategoryNoun, bool TimeSensitive);
