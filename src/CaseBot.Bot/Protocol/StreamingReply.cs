using System.Text.Json.Nodes;

namespace CaseBot.Bot.Protocol;

/// <summary>
/// A streamed reply: <c>typing</c> activities carrying the whole text so far and a sequence number that grows by one,
/// at most one per interval, then a final <c>message</c> with <c>streamType: final</c> and the citations. Teams
/// (personal chats only) reads the stream from a <c>streaminfo</c> entity; Web Chat (Direct Line) from
/// <c>channelData</c> (<c>streamType</c>, <c>streamSequence</c>, <c>streamId</c>: Web Chat's livestreaming). The stream id
/// is the id the channel gave the first activity. If the channel refuses the stream, the caller sends one message.
/// </summary>
public sealed class StreamingReply(TurnContext turn, StreamingFormat format, TimeSpan interval, TimeProvider clock)
{
    private string? _streamId;
    private int _sequence;
    private DateTimeOffset _lastSent = DateTimeOffset.MinValue;
    private string _lastText = string.Empty;

    /// <summary>How this conversation streams, or null if it cannot (Teams group chats and channels, other channels).</summary>
    public static StreamingFormat? FormatFor(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return activity.ChannelId switch
        {
            "msteams" when string.Equals(activity.Conversation?.ConversationType, "personal", StringComparison.OrdinalIgnoreCase) => StreamingFormat.Teams,
            "directline" or "webchat" => StreamingFormat.WebChat,
            _ => null,
        };
    }

    public bool Started => _streamId is not null;

    /// <summary>Opens the stream with an informative line ("Searching…") that the client shows while the answer is prepared.</summary>
    public Task<bool> InformAsync(string text, CancellationToken cancellationToken) => SendAsync("informative", text, cancellationToken);

    /// <summary>Sends the text so far if the interval has passed since the last chunk; false if the channel refused the stream.</summary>
    public Task<bool> UpdateAsync(string textSoFar, CancellationToken cancellationToken)
    {
        if (_streamId is not null && (clock.GetUtcNow() - _lastSent < interval || textSoFar == _lastText))
        {
            return Task.FromResult(true);
        }

        return SendAsync("streaming", textSoFar, cancellationToken);
    }

    /// <summary>The final message of the stream: the checked answer, with its citations.</summary>
    public Task<string?> FinishAsync(Activity final, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(final);
        if (_streamId is not null)
        {
            if (format == StreamingFormat.Teams)
            {
                var entities = new List<JsonObject> { new() { ["type"] = "streaminfo", ["streamId"] = _streamId, ["streamType"] = "final" } };
                entities.AddRange(final.Entities ?? []);
                final.Entities = entities;
            }
            else
            {
                final.ChannelData ??= [];
                final.ChannelData["streamId"] = _streamId;
                final.ChannelData["streamType"] = "final";
            }
        }

        return turn.SendAsync(final, cancellationToken);
    }

    private async Task<bool> SendAsync(string streamType, string text, CancellationToken cancellationToken)
    {
        var chunk = Replies.To(turn.Activity, ActivityTypes.Typing);
        chunk.Text = text;
        var info = new JsonObject { ["streamType"] = streamType, ["streamSequence"] = ++_sequence };
        if (_streamId is not null)
        {
            info["streamId"] = _streamId;
        }

        if (format == StreamingFormat.Teams)
        {
            info.Insert(0, "type", "streaminfo");
            chunk.Entities = [info];
        }
        else
        {
            chunk.ChannelData = info;
        }

        try
        {
            var id = await turn.SendAsync(chunk, cancellationToken);
            _streamId ??= id;
            _lastSent = clock.GetUtcNow();
            _lastText = text;
            return _streamId is not null;
        }
        catch (ConnectorException)
        {
            return false;
        }
    }
}
