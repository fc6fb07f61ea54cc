using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CaseBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CaseBot.Perf;

/// <summary>What the local Connector does with one delivery attempt of a bot reply.</summary>
internal enum ConnectorFault
{
    None,

    /// <summary>503 Service Unavailable; nothing recorded.</summary>
    Unavailable,

    /// <summary>429 with <c>Retry-After: 1</c>; nothing recorded.</summary>
    Throttled,

    /// <summary>The connection is dropped without a response; nothing recorded.</summary>
    Reset,

    /// <summary>No answer until the bot gives up on the attempt (its per-attempt timeout); nothing recorded.</summary>
    Hang,

    /// <summary>Accepted, but two seconds late.</summary>
    Slow,
}

/// <summary>
/// The Bot Connector as a channel hosts it, on loopback: the bot posts its replies to
/// <c>/v3/conversations/{id}/activities/{replyToId}</c>. Each accepted reply is counted per <c>replyToId</c> (so lost
/// and duplicated replies show), and a fault policy can fail a delivery attempt the way a real Connector does.
/// </summary>
internal sealed class LocalConnector : IAsyncDisposable
{
    private WebApplication? _app;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<DateTime>> _waiting = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _faulted = new(StringComparer.Ordinal);
    private readonly Func<string, int, ConnectorFault> _faults;
    private int _faultsInjected;

    private LocalConnector(Func<string, int, ConnectorFault> faults) => _faults = faults;

    /// <summary>Accepted message replies per <c>replyToId</c>.</summary>
    public ConcurrentDictionary<string, int> Replies { get; } = new(StringComparer.Ordinal);

    public int FaultsInjected => Volatile.Read(ref _faultsInjected);

    public string ServiceUrl { get; private set; } = string.Empty;

    /// <param name="faults">Given a reply's <c>replyToId</c> and the delivery attempt (1, 2, …), what to do with it.</param>
    public static async Task<LocalConnector> StartAsync(Func<string, int, ConnectorFault>? faults = null)
    {
        var connector = new LocalConnector(faults ?? ((_, _) => ConnectorFault.None));
        (connector._app, var baseUrl) = await LoopbackHost.StartAsync(app => app.MapPost("/v3/conversations/{conversation}/activities/{replyTo}", connector.ReceiveAsync));
        connector.ServiceUrl = baseUrl + "/";
        return connector;
    }

    /// <summary>A task that completes when the first reply to <paramref name="activityId"/> is accepted.</summary>
    public Task<DateTime> Expect(string activityId)
    {
        var done = new TaskCompletionSource<DateTime>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[activityId] = done;
        return done.Task;
    }

    public void Forget(string activityId) => _waiting.TryRemove(activityId, out _);

    /// <summary>Whether a delivery attempt of the reply to <paramref name="activityId"/> was failed on purpose.</summary>
    public bool WasFaulted(string activityId) => _faulted.ContainsKey(activityId);

    public int Duplicated => Replies.Values.Sum(n => Math.Max(0, n - 1));

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private async Task<IResult> ReceiveAsync(HttpContext http, string replyTo)
    {
        var activity = await JsonNode.ParseAsync(http.Request.Body);
        if (activity?["type"]?.GetValue<string>() != "message")
        {
            return Results.StatusCode(StatusCodes.Status202Accepted); // typing
        }

        var attempt = _attempts.AddOrUpdate(replyTo, 1, (_, n) => n + 1);
        var fault = _faults(replyTo, attempt);
        if (fault is not ConnectorFault.None)
        {
            _faulted[replyTo] = true;
            Interlocked.Increment(ref _faultsInjected);
        }

        switch (fault)
        {
            case ConnectorFault.Unavailable:
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            case ConnectorFault.Throttled:
                http.Response.Headers.RetryAfter = "1";
                return Results.StatusCode(StatusCodes.Status429TooManyRequests);
            case ConnectorFault.Reset:
                http.Abort();
                return Results.Empty;
            case ConnectorFault.Hang:
                await Task.Delay(Timeout.InfiniteTimeSpan, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return Results.Empty;
            case ConnectorFault.Slow:
                await Task.Delay(TimeSpan.FromSeconds(2), http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                break;
        }

        Replies.AddOrUpdate(replyTo, 1, (_, n) => n + 1);
        if (_waiting.TryRemove(replyTo, out var done))
        {
            done.TrySetResult(DateTime.UtcNow);
        }

        return Results.Json(new { id = Guid.NewGuid().ToString("N") }, statusCode: StatusCodes.Status201Created);
    }
}
