using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace CaseBot.Bot.Protocol;

/// <summary>
/// Per-conversation rate limit on <c>/api/messages</c> (a sliding window per conversation id): one noisy conversation
/// gets 429 while the others go on. Idle partitions are dropped by the limiter.
/// </summary>
public sealed class ConversationRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public ConversationRateLimiter(IOptions<BotEndpointOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var perMinute = Math.Max(1, options.Value.PerConversationPerMinute);
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            SegmentsPerWindow = 6,
            QueueLimit = 0,
        }));
    }

    public bool TryAcquire(string conversation, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(conversation);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(10);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
