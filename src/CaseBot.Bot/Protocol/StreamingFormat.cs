namespace CaseBot.Bot.Protocol;

/// <summary>Where a channel reads a stream's type, sequence and id: Teams from a <c>streaminfo</c> entity, Web Chat from <c>channelData</c>.</summary>
public enum StreamingFormat
{
    Teams,
    WebChat,
}
