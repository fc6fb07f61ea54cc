namespace CaseBot.Core.Conversations;

/// <summary>Recent turns of each conversation: what follow-up questions need.</summary>
public interface IConversationStore
{
    /// <summary>The most recent turns of a conversation, oldest first (empty for a new conversation).</summary>
    IReadOnlyList<ConversationTurn> Recent(string conversationId);

    void Append(string conversationId, ConversationTurn turn);
}
