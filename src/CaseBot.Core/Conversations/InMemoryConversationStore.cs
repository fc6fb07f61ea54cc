using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CaseBot.Core.Conversations;

/// <summary>
/// Keeps the last <c>Conversations:MaxTurns</c> turns of each conversation in memory. Bounded: conversations idle
/// longer than <c>Conversations:TtlMinutes</c> are forgotten (swept as new turns arrive), and past the capacity the
/// least recently used ones go first. Time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// Not <c>Microsoft.Extensions.Caching.Memory</c>: its clock is <c>ISystemClock</c>, not <see cref="TimeProvider"/>, and
/// a conversation's turns are appended in place, which a cache entry does not offer without a lock of its own anyway.
/// </remarks>
internal sealed class InMemoryConversationStore(IOptions<ConversationOptions> options, TimeProvider clock) : IConversationStore
{
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _conversations = new(StringComparer.Ordinal);
    private readonly TimeSpan _ttl = TimeSpan.FromMinutes(options.Value.TtlMinutes);
    private readonly int _maxTurns = options.Value.MaxTurns;
    private long _lastSweepTicks;

    /// <summary>Conversations held now, expired ones not yet swept included.</summary>
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
                if (!Expired(entry, clock.GetUtcNow()))
                {
                    return [.. entry.Turns];
                }
            }

            _conversations.TryRemove(new KeyValuePair<string, Entry>(conversationId, entry));
        }

        return [];
    }

    public void Append(string conversationId, ConversationTurn turn)
    {
        var now = clock.GetUtcNow();
        while (true)
        {
            var entry = _conversations.GetOrAdd(conversationId, _ => new Entry { LastUsed = now });
            lock (entry)
            {
                if (Expired(entry, now))
                {
                    // An idle conversation starts afresh: drop the old entry and add a new one.
                    _conversations.TryRemove(new KeyValuePair<string, Entry>(conversationId, entry));
                    continue;
                }

                entry.Turns.Enqueue(turn);
                while (entry.Turns.Count > _maxTurns)
                {
                    entry.Turns.Dequeue();
                }

                entry.LastUsed = now;
                break;
            }
        }

        if (_conversations.Count > Capacity || now.UtcTicks - Interlocked.Read(ref _lastSweepTicks) > Math.Max(_ttl.Ticks / 4, TimeSpan.TicksPerMinute))
        {
            Interlocked.Exchange(ref _lastSweepTicks, now.UtcTicks);
            Evict(now);
        }
    }

    private bool Expired(Entry entry, DateTimeOffset now) => now - entry.LastUsed > _ttl;

    /// <summary>Removes every expired conversation, then the least recently used ones while above 90% of the capacity.</summary>
    private void Evict(DateTimeOffset now)
    {
        // ConcurrentDictionary.ToArray takes a consistent snapshot; enumerating it through LINQ copies it by a count read
        // first, and throws when another turn adds a conversation in between.
        var byAge = _conversations.ToArray().OrderBy(c => c.Value.LastUsed).ToList();
        var excess = _conversations.Count - (Capacity * 9 / 10);
        foreach (var (id, entry) in byAge)
        {
            if (excess <= 0 && !Expired(entry, now))
            {
                break;
            }

            if (_conversations.TryRemove(new KeyValuePair<string, Entry>(id, entry)))
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
