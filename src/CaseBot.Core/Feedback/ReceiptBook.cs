namespace CaseBot.Core.Feedback;

/// <summary>
/// The receipts of recent answers and the questions asked, per conversation, in bounded memory: the last
/// <c>receiptsPerConversation</c> answers of each of at most <c>maxConversations</c> conversations (least recently active
/// forgotten first). A receipt is found by its own id or by the id of the activity that carried it.
/// </summary>
internal sealed class ReceiptBook(int receiptsPerConversation, int maxConversations)
{
    /// <summary>Questions remembered per conversation, so suggestions do not repeat them.</summary>
    private int MaxAsked => receiptsPerConversation * 10;

    private readonly System.Threading.Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<Conversation>> _conversations = new(StringComparer.Ordinal);
    private readonly LinkedList<Conversation> _recent = new();

    public int ConversationCount
    {
        get
        {
            lock (_gate)
            {
                return _conversations.Count;
            }
        }
    }

    public void Remember(AnswerReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        lock (_gate)
        {
            var conversation = Touch(receipt.ConversationId);
            conversation.Receipts.RemoveAll(r => r.ReceiptId == receipt.ReceiptId);
            conversation.Receipts.Add(receipt);
            if (conversation.Receipts.Count > receiptsPerConversation)
            {
                conversation.Receipts.RemoveAt(0);
            }
        }
    }

    public void Asked(string conversationId, string question)
    {
        lock (_gate)
        {
            var asked = Touch(conversationId).Asked;
            asked.Add(question);
            if (asked.Count > MaxAsked)
            {
                asked.RemoveAt(0);
            }
        }
    }

    public IReadOnlyList<string> AskedIn(string conversationId)
    {
        lock (_gate)
        {
            return _conversations.TryGetValue(conversationId, out var node) ? [.. node.Value.Asked] : [];
        }
    }

    /// <summary>The receipt with this receipt id or activity id in the conversation, or null.</summary>
    public AnswerReceipt? Find(string conversationId, string key)
    {
        lock (_gate)
        {
            return _conversations.TryGetValue(conversationId, out var node)
                ? node.Value.Receipts.FindLast(r => r.ReceiptId == key || r.ActivityId == key)
                : null;
        }
    }

    private Conversation Touch(string conversationId)
    {
        if (_conversations.TryGetValue(conversationId, out var node))
        {
            _recent.Remove(node);
            _recent.AddFirst(node);
            return node.Value;
        }

        node = _recent.AddFirst(new Conversation(conversationId));
        _conversations[conversationId] = node;
        while (_conversations.Count > maxConversations && _recent.Last is { } oldest)
        {
            _recent.RemoveLast();
            _conversations.Remove(oldest.Value.Id);
        }

        return node.Value;
    }

    private sealed record Conversation(string Id)
    {
        public List<AnswerReceipt> Receipts { get; } = [];

        public List<string> Asked { get; } = [];
    }
}
