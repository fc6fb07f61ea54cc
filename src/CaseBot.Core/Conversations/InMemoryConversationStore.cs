using System.Collections.Concurrent;

namespace CaseBot.Core.Conversations;

/// <summary>
/// Keeps the last few turns of each conversation in memory. Bounded: conversations idle longer than the expiry
/// are forgotten, and past the capacity the least recently used ones go first.
/// </summary>
internal sealed class InMemoryConversationStore(TimeProvider clock) : IConversationStore
{
    public const int TurnsKept = 6;
    public const int Capacity = 10_000;
    public static readonly TimeSpan Expiry = TimeSpan.FromHours(2);

    private readonly ConcurrentDictionary<string, Entry> _conversations = new(StringComparer.Ordinal);

    public int Count => _conversations.Count;

    public ValueTask<IReadOnlyList<ConversationTurn>> RecentAsync(string conversationId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Recent(conversationId));

    public ValueTask AppendAsync(string conversationId, ConversationTurn turn, CancellationToken cancellationToken = default)
    {
        Append(conversationId, turn);
        return ValueTask.CompletedTask;
    }

    public IReadOnlyList<ConversationTurn> Recent(string conversationId)
    {
        if (_conversations.TryGetValue(conversationId, out var entry))
        {
            lock (entry)
            {
                if (clock.GetUtcNow() - entry.LastUsed <= Expiry)
                {
                    return [.. entry.Turns];
                }
            }

            _conversations.TryRemove(conversationId, out _);
        }

        return [];
    }

    public void Append(string conversationId, ConversationTurn turn)
    {
        var entry = _conversations.GetOrAdd(conversationId, _ => new Entry());
        lock (entry)
        {
            entry.Turns.Enqueue(turn);
            while (entry.Turns.Count > TurnsKept)
            {
                entry.Turns.Dequeue();
            }

            entry.LastUsed = clock.GetUtcNow();
        }

        if (_conversations.Count > Capacity)
        {
            Evict();
        }
    }

    private void Evict()
    {
        var now = clock.GetUtcNow();
        var byAge = _conversations.OrderBy(c => c.Value.LastUsed).ToList();
        var excess = _conversations.Count - (Capacity * 9 / 10);
        foreach (var (id, entry) in byAge)
        {
            if (excess <= 0 && now - entry.LastUsed <= Expiry)
            {
                break;
            }

            if (_conversations.TryRemove(id, out _))
            {
                excess--;
            }
        }
    }

    private sealed class Entry
    {
        public Queue<ConversationTurn> Turns { get; } = new();

        public DateTimeOffset LastUsed { get; set; }
    }
}
