using System.Collections.Concurrent;
using CaseBot.Bot.Protocol;
using Microsoft.Extensions.Logging.Abstractions;

namespace CaseBot.Bot.Tests;

public sealed class TurnSchedulerTests : IAsyncDisposable
{
    private readonly TurnScheduler _scheduler = new(NullLogger<TurnScheduler>.Instance);
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

    public async ValueTask DisposeAsync()
    {
        await _scheduler.StopAsync(CancellationToken.None);
        _scheduler.Dispose();
    }

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
