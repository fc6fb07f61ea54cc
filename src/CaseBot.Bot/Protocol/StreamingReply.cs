using System.Text.Json.Nodes;

namespace CaseBot.Bot.Protocol;

/// <summary>
/// Teams streaming (personal chats only): <c>typing</c> activities carrying a <c>streaminfo</c> entity with the whole
/// text so far and a sequence number that grows by one, at most about one per second, then a final <c>message</c>
/// with <c>streamType: final</c> and the citations. If the channel refuses the stream, the caller sends one message.
/// </summary>
public sealed class StreamingReply(TurnContext turn, TimeSpan interval, TimeProvider clock)
{
    private string? _streamId;
    private int _sequence;
    private DateTimeOffset _lastSent = DateTimeOffset.MinValue;
    private string _lastText = string.Empty;

    /// <summary>Whether this conversation can stream (Teams personal chat).</summary>
    public static bool Supported(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return activity.ChannelId == "msteams" && string.Equals(activity.Conversation?.ConversationType, "personal", StringComparison.OrdinalIgnoreCase);
    }

    public bool Started => _streamId is not null;

    /// <summary>Sends the text so far if a second has passed since the last chunk; false if the channel refused the stream.</summary>
    public async Task<bool> UpdateAsync(string textSoFar, CancellationToken cancellationToken)
    {
        if (_streamId is not null && (clock.GetUtcNow() - _lastSent < interval || textSoFar == _lastText))
        {
            return true;
        }

        var chunk = Replies.To(turn.Activity, ActivityTypes.Typing);
        chunk.Text = textSoFar;
        var info = new JsonObject { ["type"] = "streaminfo", ["streamType"] = "streaming", ["streamSequence"] = ++_sequence };
        if (_streamId is not null)
        {
            info["streamId"] = _streamId;
        }

        chunk.Entities = [info];
        try
        {
            var id = await turn.SendAsync(chunk, cancellationToken);
            _streamId ??= id;
            _lastSent = clock.GetUtcNow();
            _lastText = textSoFar;
            return _streamId is not null;
        }
        catch (ConnectorException)
        {
            return false;
        }
    }

    /// <summary>The final message of the stream: the checked answer, with its citations entity.</summary>
    public Task<string?> FinishAsync(Activity final, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(final);
        if (_streamId is not null)
        {
            var entities = new List<JsonObject> { new() { ["type"] = "streaminfo", ["streamId"] = _streamId, ["streamType"] = "final" } };
            entities.AddRange(final.Entities ?? []);
            final.Entities = entities;
        }

        return turn.SendAsync(final, cancellationToken);
    }
}
