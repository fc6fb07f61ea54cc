using System.Collections.Concurrent;

namespace CaseBot.Core;

/// <summary>
/// Memoising into a concurrent dictionary with a bound. Used where the keys come from outside (questions, words, model
/// replies) or from a corpus of any size: once the dictionary holds <c>capacity</c> entries it is cleared, so a stream of
/// new keys cannot grow it without end, and what is asked often is soon back in it.
/// </summary>
internal static class BoundedCache
{
    public static TValue GetOrAddBounded<TKey, TValue>(this ConcurrentDictionary<TKey, TValue> cache, TKey key, Func<TKey, TValue> create, int capacity)
        where TKey : notnull
    {
        if (cache.TryGetValue(key, out var known))
        {
            return known;
        }

        var value = create(key);
        if (cache.Count >= capacity)
        {
            cache.Clear();
        }

        cache.TryAdd(key, value);
        return value;
    }
}
