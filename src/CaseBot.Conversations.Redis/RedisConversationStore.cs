using System.Text.Json;
using CaseBot.Core.Answering;
using CaseBot.Core.Conversations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CaseBot.Conversations.Redis;

/// <summary>
/// Conversation state in Redis, so that turn 1 on one instance and turn 2 on another are answered in context. Each
/// conversation is a capped list with a TTL. When Redis cannot be reached the turn is answered without context (and
/// the outage logged, at most once a minute): a store outage never fails a turn.
/// </summary>
internal sealed partial class RedisConversationStore : IConversationStore, IDisposable
{
    private readonly ConversationOptions _options;
    private readonly ILogger<RedisConversationStore> _logger;
    private readonly Lazy<ConnectionMultiplexer> _redis;
    private readonly TimeProvider _clock;
    private DateTimeOffset _lastOutageLog = DateTimeOffset.MinValue;

    public RedisConversationStore(IOptions<ConversationOptions> options, TimeProvider clock, ILogger<RedisConversationStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        _redis = new Lazy<ConnectionMultiplexer>(() =>
        {
            var config = ConfigurationOptions.Parse(_options.Redis!);
            config.AbortOnConnectFail = false;
            config.ConnectTimeout = Math.Min(config.ConnectTimeout, 2000);
            config.SyncTimeout = Math.Min(config.SyncTimeout, 1000);
            config.AsyncTimeout = Math.Min(config.AsyncTimeout, 1000);
            return ConnectionMultiplexer.Connect(config);
        });
    }

    public async ValueTask<IReadOnlyList<ConversationTurn>> RecentAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        try
        {
            var values = await Database.ListRangeAsync(Key(conversationId));
            return [.. values.Select(v => Stored.Parse(v!)).OfType<ConversationTurn>()];
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            Outage(ex);
            return [];
        }
    }

    public async ValueTask AppendAsync(string conversationId, ConversationTurn turn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var key = Key(conversationId);
        try
        {
            var batch = Database.CreateBatch();
            var push = batch.ListRightPushAsync(key, Stored.Serialize(turn));
            var trim = batch.ListTrimAsync(key, -_options.MaxTurns, -1);
            var expire = batch.KeyExpireAsync(key, TimeSpan.FromMinutes(_options.TtlMinutes));
            batch.Execute();
            await Task.WhenAll(push, trim, expire);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            Outage(ex);
        }
    }

    public void Dispose()
    {
        if (_redis.IsValueCreated)
        {
            _redis.Value.Dispose();
        }
    }

    private IDatabase Database => _redis.Value.GetDatabase();

    private static RedisKey Key(string conversationId) => "casebot:conversation:" + conversationId;

    private void Outage(Exception ex)
    {
        var now = _clock.GetUtcNow();
        if (now - _lastOutageLog > TimeSpan.FromMinutes(1))
        {
            _lastOutageLog = now;
            Log.Outage(_logger, ex.GetType().Name, ex.Message);
        }
    }

    /// <summary>What follow-ups need of a turn, as JSON: the question, the answer text and what was searched for.</summary>
    private sealed record Stored(string Q, string A, string? S, bool Ok)
    {
        public static string Serialize(ConversationTurn turn) =>
            JsonSerializer.Serialize(new Stored(turn.Question, turn.Answer.Text, turn.Answer.SearchedFor, turn.Answer.Answered));

        public static ConversationTurn? Parse(string json)
        {
            try
            {
                var s = JsonSerializer.Deserialize<Stored>(json);
                return s is null ? null : new ConversationTurn(s.Q, new Answer(s.A, s.Ok ? AnswerStatus.Answered : AnswerStatus.NotInArticles, []) { SearchedFor = s.S });
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Redis conversation store unavailable ({Error}: {Message}); answering without conversation context until it is back")]
        public static partial void Outage(ILogger logger, string error, string message);
    }
}
