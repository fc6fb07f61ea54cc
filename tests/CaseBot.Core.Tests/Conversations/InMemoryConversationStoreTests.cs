using CaseBot.Core.Answering;
using CaseBot.Core.Conversations;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CaseBot.Core.Tests.Conversations;

public sealed class InMemoryConversationStoreTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public async Task RecentAsync_AfterTheConfiguredTtl_IsEmpty()
    {
        var store = Store(ttlMinutes: 5);
        var cancellationToken = TestContext.Current.CancellationToken;
        await store.AppendAsync("c1", Turn("q1"), cancellationToken);

        _clock.Advance(TimeSpan.FromMinutes(5));
        var justInTime = await store.RecentAsync("c1", cancellationToken);
        _clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var expired = await store.RecentAsync("c1", cancellationToken);

        Assert.Equal(["q1"], justInTime.Select(t => t.Question));
        Assert.Empty(expired);
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public async Task AppendAsync_AfterTheTtl_SweepsExpiredConversations()
    {
        var store = Store(ttlMinutes: 5);
        var cancellationToken = TestContext.Current.CancellationToken;
        for (var i = 0; i < 100; i++)
        {
            await store.AppendAsync($"idle{i}", Turn("q"), cancellationToken);
        }

        _clock.Advance(TimeSpan.FromMinutes(6));
        await store.AppendAsync("active", Turn("q"), cancellationToken);

        Assert.Equal(1, store.Count);
    }

    [Fact]
    public async Task AppendAsync_ToAnExpiredConversation_StartsAfresh()
    {
        var store = Store(ttlMinutes: 5);
        var cancellationToken = TestContext.Current.CancellationToken;
        await store.AppendAsync("c1", Turn("old"), cancellationToken);

        _clock.Advance(TimeSpan.FromMinutes(10));
        await store.AppendAsync("c1", Turn("new"), cancellationToken);

        Assert.Equal(["new"], (await store.RecentAsync("c1", cancellationToken)).Select(t => t.Question));
    }

    [Fact]
    public async Task AppendAsync_EachWithinTheTtl_KeepsTheConversationAlive()
    {
        var store = Store(ttlMinutes: 5);
        var cancellationToken = TestContext.Current.CancellationToken;
        for (var i = 0; i < 6; i++)
        {
            await store.AppendAsync("c1", Turn($"q{i}"), cancellationToken);
            _clock.Advance(TimeSpan.FromMinutes(4));
        }

        var recent = await store.RecentAsync("c1", cancellationToken);

        Assert.Equal(6, recent.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(10)]
    public async Task AppendAsync_KeepsTheConfiguredMaxTurns(int maxTurns)
    {
        var store = Store(ttlMinutes: 120, maxTurns);
        var cancellationToken = TestContext.Current.CancellationToken;
        for (var i = 0; i < 12; i++)
        {
            await store.AppendAsync("c1", Turn($"q{i}"), cancellationToken);
        }

        var recent = await store.RecentAsync("c1", cancellationToken);

        Assert.Equal(Enumerable.Range(12 - maxTurns, maxTurns).Select(i => $"q{i}"), recent.Select(t => t.Question));
    }

    [Fact]
    public async Task AppendAsync_ManyNewConversationsAtOnce_EvictsWithoutFailingAnyTurn()
    {
        // Past the capacity every append sweeps, while other threads add conversations: the sweep must read the store
        // atomically (an enumeration racing with additions once threw and lost a reply).
        var store = Store(ttlMinutes: 120);
        var cancellationToken = TestContext.Current.CancellationToken;
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(
            async () =>
            {
                for (var i = 0; i < 8_000; i++)
                {
                    await store.AppendAsync($"w{w}-c{i}", Turn("q"), cancellationToken);
                }
            },
            cancellationToken));

        await Task.WhenAll(writers);

        Assert.InRange(store.Count, 1, InMemoryConversationStore.Capacity + 4);
    }

    private InMemoryConversationStore Store(int ttlMinutes, int maxTurns = 6) =>
        new(Options.Create(new ConversationOptions { TtlMinutes = ttlMinutes, MaxTurns = maxTurns }), _clock);

    private static ConversationTurn Turn(string question) => new(question, new Answer("An answer. [1]", AnswerStatus.Answered, []));
}
