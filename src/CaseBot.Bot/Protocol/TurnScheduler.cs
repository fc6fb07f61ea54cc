using Microsoft.Extensions.Options;

namespace CaseBot.Bot.Protocol;

/// <summary>
/// Runs turns in the background after <c>/api/messages</c> has answered 200. Turns of one conversation run in order
/// (a follow-up never overtakes its question); every conversation has its own lane, so a slow turn (a Connector that
/// hangs, a model being retried) delays only its own conversation. The queue is bounded per conversation and in all.
/// A failing turn is logged with its conversation id and never stops its lane. On shutdown it takes no new turns and
/// lets those queued or running finish for up to <c>Bot:ShutdownDrainSeconds</c>, then cancels the rest.
/// </summary>
public sealed partial class TurnScheduler(ILogger<TurnScheduler> logger, IOptions<BotEndpointOptions> options, TimeProvider clock) : IHostedService, IDisposable
{
    /// <summary>Turns one conversation may have waiting before it is told to slow down.</summary>
    public const int MaxWaitingPerConversation = 64;

    /// <summary>Turns all conversations together may have waiting or running.</summary>
    public const int MaxWaiting = 10_000;

    private readonly Dictionary<string, Queue<(TurnContext Turn, IBot Bot)>> _lanes = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pending;
    private bool _draining;

    /// <summary>Turns waiting or running now.</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>True once shutdown has begun: new turns are refused (the caller answers 503).</summary>
    public bool IsStopping => Volatile.Read(ref _draining);

    /// <summary>Queues a turn; false when its conversation or the whole queue is full (the caller answers 429).</summary>
    public bool TryEnqueue(TurnContext turn, IBot bot)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var key = turn.Activity.Conversation?.Id ?? string.Empty;
        bool start;
        lock (_gate)
        {
            if (_pending >= MaxWaiting || _draining)
            {
                return false;
            }

            start = !_lanes.TryGetValue(key, out var lane);
            if (start)
            {
                lane = new Queue<(TurnContext, IBot)>();
                _lanes[key] = lane;
            }
            else if (lane!.Count >= MaxWaitingPerConversation)
            {
                return false;
            }

            lane!.Enqueue((turn, bot));
            _pending++;
        }

        if (start)
        {
            _ = Task.Run(() => DrainAsync(key), CancellationToken.None);
        }

        return true;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Refuses new turns, waits for those queued or running (up to the drain time, or until the host gives up), then
    /// cancels whatever is left.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        int pending;
        lock (_gate)
        {
            _draining = true;
            pending = _pending;
            if (pending == 0)
            {
                _idle.TrySetResult();
            }
        }

        var drain = TimeSpan.FromSeconds(Math.Max(0, options.Value.ShutdownDrainSeconds));
        if (pending > 0)
        {
            Log.Draining(logger, pending, drain.TotalSeconds);
            using var timer = new CancellationTokenSource(drain, clock);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
            try
            {
                await _idle.Task.WaitAsync(limit.Token);
                Log.Drained(logger, pending);
            }
            catch (OperationCanceledException)
            {
                Log.DrainTimedOut(logger, Pending, drain.TotalSeconds);
            }
        }

        try
        {
            await _stopping.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // The container was disposed first (a test host torn down while stopping): nothing is left to cancel.
        }
    }

    public void Dispose() => _stopping.Dispose();

    /// <summary>Runs one conversation's turns in order until its lane is empty, then retires the lane.</summary>
    private async Task DrainAsync(string key)
    {
        while (true)
        {
            (TurnContext Turn, IBot Bot) next;
            lock (_gate)
            {
                var lane = _lanes[key];
                if (lane.Count == 0)
                {
                    _lanes.Remove(key);
                    return;
                }

                next = lane.Peek();
            }

            try
            {
                await next.Bot.OnTurnAsync(next.Turn, _stopping.Token);
            }
            catch (ServiceUrlRefusedException)
            {
                // Logged with its host where it was refused.
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !_stopping.IsCancellationRequested)
            {
                Log.TurnFailed(logger, ex, next.Turn.Activity.Conversation?.Id, next.Turn.Activity.Type);
            }
            catch (OperationCanceledException)
            {
                // Shutting down.
            }
            finally
            {
                lock (_gate)
                {
                    _lanes[key].Dequeue();
                    if (--_pending == 0 && _draining)
                    {
                        _idle.TrySetResult();
                    }
                }
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Error, Message = "Turn failed in conversation {ConversationId} ({Type})")]
        public static partial void TurnFailed(ILogger logger, Exception exception, string? conversationId, string? type);

        [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down: letting {Pending} turns finish (up to {Seconds} s)")]
        public static partial void Draining(ILogger logger, int pending, double seconds);

        [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down: all {Pending} turns finished")]
        public static partial void Drained(ILogger logger, int pending);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Shutting down: {Pending} turns did not finish within {Seconds} s and are cancelled")]
        public static partial void DrainTimedOut(ILogger logger, int pending, double seconds);
    }
}
