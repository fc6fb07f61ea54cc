namespace CaseBot.Core.Articles;

/// <summary>Shortens titles and labels for places with little room, always at a word boundary and with an ellipsis.</summary>
public static class ShortText
{
    public const string Ellipsis = "…";

    /// <summary>
    /// <paramref name="text"/> if it fits in <paramref name="maxLength"/> characters; otherwise its longest run of whole
    /// words that fits with the ellipsis, trailing punctuation dropped. A single word longer than the room is the one
    /// case cut inside a word (there is no boundary to cut at).
    /// </summary>
    public static string Cut(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        text = text.Trim();
        if (text.Length <= maxLength)
        {
            return text;
        }

        var room = maxLength - Ellipsis.Length;
        var cut = -1;
        for (var i = room; i > 0; i--)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                cut = i;
                break;
            }
        }

        var kept = (cut > 0 ? text.AsSpan(0, cut) : text.AsSpan(0, room)).TrimEnd().TrimEnd(",;:-–—([{\"'“‘").TrimEnd();
        if (kept.IsEmpty)
        {
            kept = text.AsSpan(0, room);
        }

        return string.Concat(kept, Ellipsis);
    }
}
