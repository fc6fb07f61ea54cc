using CaseBot.Bot.Protocol;
using CaseBot.Bot.Protocol.DirectLine;

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
}
