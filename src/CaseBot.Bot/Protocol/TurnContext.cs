namespace CaseBot.Bot.Protocol;

/// <summary>Where a turn's outgoing activities go: the channel's Connector, the HTTP response, or the local Direct Line.</summary>
public interface IActivitySink
{
    Task<string?> SendAsync(Activity activity, CancellationToken cancellationToken);
}

/// <summary>The result of an invoke: the HTTP status and optional body the channel gets back.</summary>
public sealed record InvokeResponse(int Status, object? Body = null);

/// <summary>One incoming activity and the means to answer it.</summary>
public sealed class TurnContext(Activity activity, IActivitySink sink)
{
    public Activity Activity { get; } = activity;

    public Task<string?> SendAsync(Activity reply, CancellationToken cancellationToken) => sink.SendAsync(reply, cancellationToken);
}

/// <summary>The bot's behaviour, independent of how activities arrive or leave.</summary>
public interface IBot
{
    /// <summary>Handles one activity; returns the invoke response for invoke activities, otherwise null.</summary>
    Task<InvokeResponse?> OnTurnAsync(TurnContext turn, CancellationToken cancellationToken);
}

/// <summary>Collects replies for <c>deliveryMode: expectReplies</c>, to be returned in the HTTP response.</summary>
public sealed class CollectingSink : IActivitySink
{
    private readonly List<Activity> _activities = [];

    public IReadOnlyList<Activity> Activities => _activities;

    public Task<string?> SendAsync(Activity activity, CancellationToken cancellationToken)
    {
        lock (_activities)
        {
            _activities.Add(activity);
        }

        return Task.FromResult<string?>(null);
    }
}

/// <summary>Sends replies through the channel's Connector.</summary>
public sealed class ConnectorSink(ConnectorClient connector) : IActivitySink
{
    public Task<string?> SendAsync(Activity activity, CancellationToken cancellationToken) => connector.SendAsync(activity, cancellationToken);
}
