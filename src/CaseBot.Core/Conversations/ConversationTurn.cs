using CaseBot.Core.Answering;

namespace CaseBot.Core.Conversations;

/// <summary>One question and its answer, kept so that follow-ups can be understood.</summary>
public sealed record ConversationTurn(string Question, Answer Answer);
