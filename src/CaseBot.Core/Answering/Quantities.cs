using System.Globalization;
using System.Text.RegularExpressions;

namespace CaseBot.Core.Answering;

/// <summary>A number or amount found in text, with where it stands and its value ("$1.7m" is 1,700,000 of money).</summary>
internal readonly record struct Quantity(int Start, int Length, decimal Value, bool Money)
{
    public int End => Start + Length;

    /// <summary>The value written one way: "$5000000" for "$5m", "$5 million" and "5 million dollars"; "12" for "twelve".</summary>
    public string Canonical => (Money ? "$" : string.Empty) + Value.ToString("0.##", CultureInfo.InvariantCulture);
}

/// <summary>
/// The one place numbers and amounts are recognised: digits with separators and decimals, scales ("m", "million",
/// "bn"), currencies ("$", "dollars") and numbers written as words ("twelve", "twenty-five", "two million", "twice"). "One" on
/// its own is left out: it is far more often a pronoun ("one of the jurors") than a count.
/// </summary>
internal static partial class Quantities
{
    private static readonly Dictionary<string, int> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8,
        ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13, ["fourteen"] = 14,
        ["fifteen"] = 15, ["sixteen"] = 16, ["seventeen"] = 17, ["eighteen"] = 18, ["nineteen"] = 19, ["twenty"] = 20,
        ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50, ["sixty"] = 60, ["seventy"] = 70, ["eighty"] = 80,
        ["ninety"] = 90, ["hundred"] = 100, ["dozen"] = 12, ["twice"] = 2, ["thrice"] = 3,
    };

    /// <summary>Every number and amount in <paramref name="text"/>, in order.</summary>
    public static List<Quantity> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new List<Quantity>();
        foreach (Match m in Number().Matches(text))
        {
            decimal value;
            if (m.Groups["digits"].Success)
            {
                if (!decimal.TryParse(m.Groups["digits"].Value.Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out value))
                {
                    continue;
                }
            }
            else
            {
                value = Words[m.Groups["word"].Value] + (m.Groups["unit"].Success ? Words[m.Groups["unit"].Value] : 0);
                if (m.Groups["hundreds"].Success)
                {
                    value *= 100;
                }

                if (m.Groups["dozens"].Success)
                {
                    value *= 12; // "two dozen" is 24
                }

                if (value == 1 && !m.Groups["scale"].Success)
                {
                    continue;
                }
            }

            value *= m.Groups["scale"].Value.ToLowerInvariant() switch
            {
                "m" or "mn" or "million" => 1_000_000m,
                "b" or "bn" or "billion" => 1_000_000_000m,
                "k" or "thousand" => 1_000m,
                _ => 1m,
            };

            // A decade in two digits is the same decade in four: "the 90s", "the ’90s" are the 1990s.
            if (IsShortDecade(text, m))
            {
                value += value >= 30 ? 1900 : 2000;
            }
            found.Add(new Quantity(m.Index, m.Length, value, m.Groups["currency"].Success || m.Groups["currencyWord"].Success));
        }

        return found;
    }

    /// <summary>Two digits and an "s" after "the" or an apostrophe ("the 90s", "’90s"), not an age ("in her 70s").</summary>
    private static bool IsShortDecade(string text, Match m)
    {
        var digits = m.Groups["digits"];
        if (!digits.Success || digits.Length != 2 || m.Groups["scale"].Success || m.Groups["currency"].Success
            || m.Index + m.Length >= text.Length || text[m.Index + m.Length] != 's' || digits.Value[1] != '0')
        {
            return false;
        }

        var before = text[..m.Index];
        return before.EndsWith('\'') || before.EndsWith('’') || before.EndsWith("the ", StringComparison.OrdinalIgnoreCase)
            || before.EndsWith("mid-", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether <paramref name="q"/> says how many times ("twice"): an adverb of its verb, not a count of a noun.</summary>
    public static bool IsTimes(string text, Quantity q)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.AsSpan(q.Start, q.Length) is var t && (t.Equals("twice", StringComparison.OrdinalIgnoreCase) || t.Equals("thrice", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Whether <paramref name="q"/> is part of a date rather than a count: a year, or a day next to a month name.</summary>
    public static bool IsDatePart(string text, Quantity q)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (q.Money)
        {
            return false;
        }

        if (q.Value is >= 1900 and <= 2100 && q.Value == decimal.Truncate(q.Value))
        {
            return true;
        }

        var from = Math.Max(0, q.Start - 12);
        var around = text[from..Math.Min(text.Length, q.End + 12)];
        return q.Value is >= 1 and <= 31 && Timeline.DateRecogniser.MonthNames.Any(m => around.Contains(m, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The canonical form of the first quantity in <paramref name="text"/>, or null when it holds none.</summary>
    public static string? Canonical(string text) => Find(text) is [var first, ..] ? first.Canonical : null;

    [GeneratedRegex(
        @"(?<currency>US\$|[$£€]|USD\s?)?(?:(?<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)|\b(?<word>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|dozen|twice|thrice)(?:-(?<unit>one|two|three|four|five|six|seven|eight|nine)\b)?(?<hundreds>\s+hundred)?(?<dozens>\s+dozen)?\b)(?:[\s-]?(?<scale>million|billion|thousand|mn|bn|m|b|k)\b)?(?:\s(?<currencyWord>dollars|pounds|euros)\b)?",
        RegexOptions.IgnoreCase)]
    private static partial Regex Number();
}
