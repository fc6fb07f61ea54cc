using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;

namespace CaseBot.Bot.Protocol.DirectLine;

/// <summary>
/// One Direct Line conversation: its token and its recent activity history. The watermark counts every activity ever
/// appended; only the last <see cref="HistoryKept"/> are kept, which is all a polling client needs to catch up.
/// Typing activities (a livestream's interim text among them) are not history: once a message follows them they are no
/// longer read out, so a client that reconnects sees the finished answers, not the stream replayed (as the Direct Line
/// service keeps its history without typing activities).
/// </summary>
public sealed class DirectLineConversation(string id, string token, DateTimeOffset now)
{
    /// <summary>Activities kept per conversation; older ones are dropped (a client further behind skips them).</summary>
    public const int HistoryKept = 100;

    private readonly List<Activity> _activities = [];
    private int _dropped;

    public string Id { get; } = id;

    public string Token { get; private set; } = token;

    public DateTimeOffset LastUsed { get; private set; } = now;

    public string? UserId { get; set; }

    /// <summary>Whether the bot has been told of the conversation (its conversationUpdate was sent).</summary>
    public bool Started { get; set; }

    public Activity Append(Activity activity, DateTimeOffset now)
    {
        lock (_activities)
        {
            activity.Id = $"{Id}|{_dropped + _activities.Count:D7}";
            activity.Timestamp ??= now;
            _activities.Add(activity);
            if (_activities.Count > HistoryKept)
            {
                var excess = _activities.Count - HistoryKept;
                _activities.RemoveRange(0, excess);
                _dropped += excess;
            }

            LastUsed = now;
            return activity;
        }
    }

    /// <summary>Activities after the watermark, and the new watermark.</summary>
    public (List<Activity> Activities, int Watermark) After(int watermark)
    {
        lock (_activities)
        {
            var from = Math.Clamp(watermark - _dropped, 0, _activities.Count);
            var lastMessage = _activities.FindLastIndex(a => a.Type == ActivityTypes.Message);
            var activities = new List<Activity>(_activities.Count - from);
            for (var i = from; i < _activities.Count; i++)
            {
                if (_activities[i].Type != ActivityTypes.Typing || i > lastMessage)
                {
                    activities.Add(_activities[i]);
                }
            }

            return (activities, _dropped + _activities.Count);
        }
    }

    public string Refresh(DateTimeOffset now)
    {
        Token = DirectLineStore.NewToken();
        LastUsed = now;
        return Token;
    }
}

/// <summary>The local Direct Line's conversations, bounded in number and expired when idle.</summary>
public sealed class DirectLineStore(TimeProvider clock)
{
    public const int Capacity = 10_000;
    public static readonly TimeSpan Expiry = TimeSpan.FromHours(2);
    public const int TokenLifetimeSeconds = 1800;

    private readonly ConcurrentDictionary<string, DirectLineConversation> _conversations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal);

    public DirectLineConversation Create()
    {
        Evict();
        var now = clock.GetUtcNow();
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant() + "-" + now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var conversation = new DirectLineConversation(id, NewToken(), now);
        _conversations[id] = conversation;
        _tokens[conversation.Token] = id;
        return conversation;
    }

    /// <summary>The conversation, unless it is unknown or has been idle longer than <see cref="Expiry"/> (then it is dropped).</summary>
    public DirectLineConversation? Find(string id) =>
        _conversations.TryGetValue(id, out var conversation) ? Live(id, conversation) : null;

    /// <summary>The conversation a bearer token was issued for, if the token is current and the conversation not expired.</summary>
    public DirectLineConversation? ByToken(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = authorization["Bearer ".Length..].Trim();
        return _tokens.TryGetValue(token, out var id) && _conversations.TryGetValue(id, out var conversation) && conversation.Token == token ? Live(id, conversation) : null;
    }

    public string Refresh(DirectLineConversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        _tokens.TryRemove(conversation.Token, out _);
        var token = conversation.Refresh(clock.GetUtcNow());
        _tokens[token] = conversation.Id;
        return token;
    }

    public DateTimeOffset Now => clock.GetUtcNow();

    internal static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private void Evict()
    {
        var now = clock.GetUtcNow();
        if (_conversations.Count < Capacity && now.Second % 10 != 0)
        {
            return;
        }

        foreach (var (id, conversation) in _conversations)
        {
            if (now - conversation.LastUsed > Expiry)
            {
                Remove(id, conversation);
            }
        }

        while (_conversations.Count >= Capacity)
        {
            var oldest = _conversations.MinBy(c => c.Value.LastUsed);
            Remove(oldest.Key, oldest.Value);
        }
    }

    private DirectLineConversation? Live(string id, DirectLineConversation conversation)
    {
        if (clock.GetUtcNow() - conversation.LastUsed <= Expiry)
        {
            return conversation;
        }

        Remove(id, conversation);
        return null;
    }

    private void Remove(string id, DirectLineConversation conversation)
    {
        _conversations.TryRemove(id, out _);
        _tokens.TryRemove(conversation.Token, out _);
    }
}
