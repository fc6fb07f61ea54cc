using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CaseBot.Core.Answering.Verification;

/// <summary>
/// A model's reply in the one form the verifier reads: citation markers as <c>[n]</c>, one per passage, and sentences
/// running on. Models asked for "[1]" also write "[1, 2]", "[1-3]", "[Passage 2]", "[^2]" or "【2】", and, asked for
/// plain text, still answer in a list now and then; read as written, such a sentence had no valid citation and was
/// removed, or a list ran into one sentence whose markers ended up on its last item.
/// </summary>
internal static partial class ReplyLayout
{
    /// <summary>The most passages a marker range ("[2-5]") is read as naming; a longer range is left as written.</summary>
    public const int MaxRange = 6;

    /// <summary>The reply with its markers as <c>[n]</c> and each line of a list as a sentence of its own.</summary>
    public static string Normalise(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var text = MarkerGroup().Replace(reply, Markers);
        return text.Contains('\n', StringComparison.Ordinal) ? Lines(text) : text;
    }

    /// <summary>"[1, 2]" → "[1][2]"; "[2-4]" → "[2][3][4]"; "[Passage 2]", "[^2]", "【2】" → "[2]".</summary>
    private static string Markers(Match group)
    {
        var numbers = new List<int>();
        foreach (Match item in MarkerItem().Matches(group.Groups["items"].Value))
        {
            var from = int.Parse(item.Groups["from"].Value, CultureInfo.InvariantCulture);
            var to = item.Groups["to"].Success ? int.Parse(item.Groups["to"].Value, CultureInfo.InvariantCulture) : from;
            if (to < from || to - from >= MaxRange)
            {
                return group.Value;
            }

            numbers.AddRange(Enumerable.Range(from, to - from + 1));
        }

        return string.Concat(numbers.Distinct().Select(n => $"[{n}]"));
    }

    /// <summary>
    /// Each line its own sentence, without the bullet or number that opens it: a line that does not end a sentence (its
    /// markers aside) gets a full stop, unless it ends with a colon and so leads into the next.
    /// </summary>
    private static string Lines(string text)
    {
        var joined = new StringBuilder();
        foreach (var raw in text.Split('\n'))
        {
            var line = ListMarker().Replace(raw.Trim(), string.Empty);
            if (line.Length == 0)
            {
                continue;
            }

            var body = TrailingMarkers().Replace(line, string.Empty).TrimEnd();
            var ends = body.Length == 0 || ".!?:;\"”’'".Contains(body[^1], StringComparison.Ordinal);
            joined.Append(joined.Length == 0 ? string.Empty : " ").Append(line).Append(ends ? string.Empty : ".");
        }

        return joined.ToString();
    }

    /// <summary>
    /// A bracketed list of passage numbers, each perhaps named ("Passage 2", "source 2") or footnoted ("^2"), or a range
    /// ("2-4"): any way of writing citation markers that <see cref="Normalise"/> reads.
    /// </summary>
    public const string MarkerPattern =
        @"(?:\[|【)(?<items>\s*(?:(?:passages?|sources?)\s*)?\^?\d{1,3}(?:\s*[-–]\s*\d{1,3})?(?:\s*[,;]\s*(?:(?:passages?|sources?)\s*)?\^?\d{1,3}(?:\s*[-–]\s*\d{1,3})?)*\s*)(?:\]|】)";

    [GeneratedRegex(MarkerPattern, RegexOptions.IgnoreCase)]
    private static partial Regex MarkerGroup();

    [GeneratedRegex(@"(?<from>\d{1,3})(?:\s*[-–]\s*(?<to>\d{1,3}))?")]
    private static partial Regex MarkerItem();

    // "- ", "* ", "• ", "1. ", "2) " opening a line; headings' "#"s too.
    [GeneratedRegex(@"^(?:[-*•]\s+|\d{1,2}[.)]\s+|#{1,6}\s+)")]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"(?:\s*\[\d{1,3}\])+\s*$")]
    private static partial Regex TrailingMarkers();
}
