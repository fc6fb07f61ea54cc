namespace CaseBot.Bot.Protocol;

/// <summary>
/// Runs turns in the background after <c>/api/messages</c> has answered 200. Turns of one conversation run in order
/// (a follow-up never overtakes its question); every conversation has its own lane, so a slow turn (a Connector that
/// hangs, a model being retried) delays only its own conversation. The queue is bounded per conversation and in all.
/// A failing turn is logged with its conversation id and never stops its lane.
/// </summary>
public sealed partial class TurnScheduler(ILogger<TurnScheduler> logger) : IHostedService, IDisposable
{
    /// <summary>Turns one conversation may have waiting before it is told to slow down.</summary>
    public const int MaxWaitingPerConversation = 64;

    /// <summary>Turns all conversations together may have waiting or running.</summary>
    public const int MaxWaiting = 10_000;

    private readonly Dictionary<string, Queue<(TurnContext Turn, IBot Bot)>> _lanes = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private int _pending;

    /// <summary>Turns waiting or running now.</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>Queues a turn; false when its conversation or the whole queue is full (the caller answers 429).</summary>
    public bool TryEnqueue(TurnContext turn, IBot bot)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var key = turn.Activity.Conversation?.Id ?? string.Empty;
        bool start;
        lock (_gate)
        {
            if (_pending >= MaxWaiting || _stopping.IsCancellationRequested)
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

    /// <summary>Turns already running are cancelled; new ones are refused.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => _stopping.CancelAsync();

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
                    _pending--;
                }
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Error, Message = "Turn failed in conversation {ConversationId} ({Type})")]
        public static partial void TurnFailed(ILogger logger, Exception exception, string? conversationId, string? type);
    }
}
