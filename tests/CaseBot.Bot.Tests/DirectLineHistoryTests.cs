using CaseBot.Bot.Protocol;
using CaseBot.Bot.Protocol.DirectLine;
using Microsoft.Extensions.Time.Testing;

namespace CaseBot.Bot.Tests;

public sealed class DirectLineHistoryTests
{
    [Fact]
    public void ALongConversation_KeepsOnlyItsRecentHistory_AndWatermarksStayValid()
    {
        var conversation = new DirectLineConversation("c1", "token", DateTimeOffset.UnixEpoch);
        var total = DirectLineConversation.HistoryKept * 3 + 7;
        for (var i = 0; i < total; i++)
        {
            conversation.Append(new Activity { Type = ActivityTypes.Message, Text = $"m{i}" }, DateTimeOffset.UnixEpoch);
        }

        var (all, watermark) = conversation.After(0);
        var (tail, sameWatermark) = conversation.After(total - 5);
        var (none, _) = conversation.After(total);

        Assert.Equal(total, watermark);
        Assert.Equal(total, sameWatermark);
        Assert.Equal(DirectLineConversation.HistoryKept, all.Count);
        Assert.Equal($"m{total - DirectLineConversation.HistoryKept}", all[0].Text);
        Assert.Equal(["m" + (total - 5), "m" + (total - 4), "m" + (total - 3), "m" + (total - 2), "m" + (total - 1)], tail.Select(a => a.Text!));
        Assert.Empty(none);
        Assert.Equal($"c1|{total - 1:D7}", all[^1].Id);
    }

    [Fact]
    public void TypingActivities_AreReadOutUntilAMessageFollowsThem()
    {
        var conversation = new DirectLineConversation("c1", "token", DateTimeOffset.UnixEpoch);
        conversation.Append(new Activity { Type = ActivityTypes.Message, Text = "question" }, DateTimeOffset.UnixEpoch);
        conversation.Append(new Activity { Type = ActivityTypes.Typing, Text = "partial" }, DateTimeOffset.UnixEpoch);

        var (during, duringWatermark) = conversation.After(0);
        conversation.Append(new Activity { Type = ActivityTypes.Message, Text = "answer" }, DateTimeOffset.UnixEpoch);
        var (after, afterWatermark) = conversation.After(0);
        var (tail, _) = conversation.After(1);

        Assert.Equal(["question", "partial"], during.Select(a => a.Text!));
        Assert.Equal(2, duringWatermark);
        Assert.Equal(["question", "answer"], after.Select(a => a.Text!));
        Assert.Equal(3, afterWatermark);
        Assert.Equal(["answer"], tail.Select(a => a.Text!));
    }

    [Fact]
    public void AConversationIdleLongerThanTheExpiry_IsGoneByIdAndByToken()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(1));
        var store = new DirectLineStore(clock);
        var kept = store.Create();
        var idle = store.Create();

        clock.Advance(DirectLineStore.Expiry - TimeSpan.FromMinutes(1));
        kept.Append(new Activity { Type = ActivityTypes.Message, Text = "still here" }, clock.GetUtcNow());
        Assert.Same(idle, store.Find(idle.Id));
        clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Same(kept, store.ByToken("Bearer " + kept.Token));
        Assert.Null(store.ByToken("Bearer " + idle.Token));
        Assert.Null(store.Find(idle.Id));
    }
}
