using System.Collections.Concurrent;
using CaseBot.Bot.Protocol;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CaseBot.Bot.Tests;

public sealed class TurnSchedulerTests : IAsyncDisposable
{
    private readonly TurnScheduler _scheduler = Scheduler(TimeProvider.System, drainSeconds: 0);
    private readonly RecordingBot _bot = new();

    [Fact]
    public async Task ASlowTurn_DelaysOnlyItsOwnConversation()
    {
        var stuck = new TaskCompletionSource();
        _bot.Blocks["stuck"] = stuck.Task;
        Assert.True(_scheduler.TryEnqueue(Turn("stuck", "q1"), _bot));
        Assert.True(_scheduler.TryEnqueue(Turn("stuck", "q2"), _bot));

        // Far more conversations than cores: with shared lanes, some would queue behind the stuck one.
        for (var c = 0; c < 200; c++)
        {
            Assert.True(_scheduler.TryEnqueue(Turn($"c{c}", "hello"), _bot));
        }

        await _bot.WaitForAsync(200, TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(_bot.Done, d => d.StartsWith("stuck", StringComparison.Ordinal));

        stuck.SetResult();
        await _bot.WaitForAsync(202, TimeSpan.FromSeconds(10));
        Assert.Equal(["stuck:q1", "stuck:q2"], _bot.Done.Where(d => d.StartsWith("stuck", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TurnsOfOneConversation_RunInOrder_AndAFailureDoesNotStopTheLane()
    {
        _bot.FailOn = "q3";
        for (var i = 1; i <= 20; i++)
        {
            Assert.True(_scheduler.TryEnqueue(Turn("a", $"q{i}"), _bot));
        }

        await _bot.WaitForAsync(19, TimeSpan.FromSeconds(10));
        Assert.Equal(Enumerable.Range(1, 20).Where(i => i != 3).Select(i => $"a:q{i}"), _bot.Done);
        Assert.Equal(0, _scheduler.Pending);
    }

    [Fact]
    public void AConversationWithTooManyWaitingTurns_IsRefused_OthersAreNot()
    {
        _bot.Blocks["busy"] = new TaskCompletionSource().Task;
        for (var i = 0; i < TurnScheduler.MaxWaitingPerConversation; i++)
        {
            Assert.True(_scheduler.TryEnqueue(Turn("busy", $"q{i}"), _bot));
        }

        Assert.False(_scheduler.TryEnqueue(Turn("busy", "one too many"), _bot));
        Assert.True(_scheduler.TryEnqueue(Turn("other", "hello"), _bot));
    }

    [Fact]
    public async Task StopAsync_RefusesNewTurns_AndLetsTurnsInFlightFinish()
    {
        var clock = new FakeTimeProvider();
        using var scheduler = Scheduler(clock, drainSeconds: 20);
        var release = new TaskCompletionSource();
        _bot.Blocks["slow"] = release.Task;
        Assert.True(scheduler.TryEnqueue(Turn("slow", "q1"), _bot));
        Assert.True(scheduler.TryEnqueue(Turn("slow", "q2"), _bot));

        var stopping = scheduler.StopAsync(TestContext.Current.CancellationToken);

        Assert.True(scheduler.IsStopping);
        Assert.False(scheduler.TryEnqueue(Turn("late", "q"), _bot));
        clock.Advance(TimeSpan.FromSeconds(19));
        Assert.False(stopping.IsCompleted);
        release.SetResult();
        await stopping.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(["slow:q1", "slow:q2"], _bot.Done);
        Assert.Equal(0, scheduler.Pending);
    }

    [Fact]
    public async Task StopAsync_AfterTheDrainTime_CancelsTurnsStillRunning()
    {
        var clock = new FakeTimeProvider();
        using var scheduler = Scheduler(clock, drainSeconds: 20);
        _bot.Blocks["stuck"] = new TaskCompletionSource().Task;
        Assert.True(scheduler.TryEnqueue(Turn("stuck", "q1"), _bot));
        Assert.True(scheduler.TryEnqueue(Turn("done", "q1"), _bot));
        await _bot.WaitForAsync(1, TimeSpan.FromSeconds(10));

        var stopping = scheduler.StopAsync(TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromSeconds(20));

        await stopping.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (scheduler.Pending > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.Equal(0, scheduler.Pending);
        Assert.Equal(["done:q1"], _bot.Done);
    }

    public async ValueTask DisposeAsync()
    {
        await _scheduler.StopAsync(CancellationToken.None);
        _scheduler.Dispose();
    }

    private static TurnScheduler Scheduler(TimeProvider clock, int drainSeconds) =>
        new(NullLogger<TurnScheduler>.Instance, Microsoft.Extensions.Options.Options.Create(new BotEndpointOptions { ShutdownDrainSeconds = drainSeconds }), clock);

    private static TurnContext Turn(string conversation, string text) =>
        new(new Activity { Type = ActivityTypes.Message, Text = text, Conversation = new ConversationAccount { Id = conversation } }, new CollectingSink());

    private sealed class RecordingBot : IBot
    {
        private readonly ConcurrentQueue<string> _done = new();

        public ConcurrentDictionary<string, Task> Blocks { get; } = new();

        public string? FailOn { get; set; }

        public IReadOnlyList<string> Done => [.. _done];

        public async Task<InvokeResponse?> OnTurnAsync(TurnContext turn, CancellationToken cancellationToken)
        {
            var conversation = turn.Activity.Conversation!.Id!;
            if (Blocks.TryGetValue(conversation, out var block))
            {
                await block.WaitAsync(cancellationToken);
            }

            if (turn.Activity.Text == FailOn)
            {
                throw new InvalidOperationException("a failing turn");
            }

            _done.Enqueue($"{conversation}:{turn.Activity.Text}");
            return null;
        }

        public async Task WaitForAsync(int count, TimeSpan limit)
        {
            var deadline = DateTime.UtcNow + limit;
            while (_done.Count < count)
            {
                Assert.True(DateTime.UtcNow < deadline, $"only {_done.Count} of {count} turns ran within {limit.TotalSeconds} s");
                await Task.Delay(10);
            }
        }
    }
}
