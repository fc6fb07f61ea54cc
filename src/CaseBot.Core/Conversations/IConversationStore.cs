namespace CaseBot.Core.Conversations;

/// <summary>Recent turns of each conversation: what follow-up questions need. Shared by all instances when it is Redis.</summary>
public interface IConversationStore
{
    /// <summary>The most recent turns of a conversation, oldest first (empty for a new conversation).</summary>
    ValueTask<IReadOnlyList<ConversationTurn>> RecentAsync(string conversationId, CancellationToken cancellationToken = default);

    ValueTask AppendAsync(string conversationId, ConversationTurn turn, CancellationToken cancellationToken = default);
}
