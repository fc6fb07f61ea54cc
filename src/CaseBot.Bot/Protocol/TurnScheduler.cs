using System.Threading.Channels;

namespace CaseBot.Bot.Protocol;

/// <summary>
/// Runs turns in the background after <c>/api/messages</c> has answered 200. Turns of one conversation run in order
/// (a follow-up never overtakes its question); different conversations run in parallel. A failing turn is logged
/// with its conversation id and never stops the queue.
/// </summary>
public sealed partial class TurnScheduler : BackgroundService
{
    private readonly Channel<(TurnContext Turn, IBot Bot)>[] _lanes;
    private readonly ILogger<TurnScheduler> _logger;

    public TurnScheduler(ILogger<TurnScheduler> logger)
    {
        _logger = logger;
        _lanes = new Channel<(TurnContext, IBot)>[Math.Max(4, Environment.ProcessorCount * 4)];
        for (var i = 0; i < _lanes.Length; i++)
        {
            _lanes[i] = Channel.CreateBounded<(TurnContext, IBot)>(new BoundedChannelOptions(1024) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        }
    }

    /// <summary>Queues a turn; false when the lane is full (the caller answers 429 or 503).</summary>
    public bool TryEnqueue(TurnContext turn, IBot bot)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var key = turn.Activity.Conversation?.Id ?? string.Empty;
        var lane = (int)((uint)StringComparer.Ordinal.GetHashCode(key) % (uint)_lanes.Length);
        return _lanes[lane].Writer.TryWrite((turn, bot));
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_lanes.Select(lane => Task.Run(() => DrainAsync(lane.Reader, stoppingToken), stoppingToken)));

    private async Task DrainAsync(ChannelReader<(TurnContext Turn, IBot Bot)> reader, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (turn, bot) in reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await bot.OnTurnAsync(turn, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    Log.TurnFailed(_logger, ex, turn.Activity.Conversation?.Id, turn.Activity.Type);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Error, Message = "Turn failed in conversation {ConversationId} ({Type})")]
        public static partial void TurnFailed(ILogger logger, Exception exception, string? conversationId, string? type);
    }
}
