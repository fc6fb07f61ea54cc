namespace CaseBot.Core.Articles;

/// <summary>
/// Splits prose into sentences without losing offsets. Knows initials (<c>E. Jean</c>), titles and month
/// abbreviations (<c>Mr.</c>, <c>Dr.</c>, <c>Jan.</c>), dotted acronyms (<c>U.S.</c>), closing quotes after the
/// terminator, and never splits at dashes.
/// </summary>
internal static class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "mx", "dr", "prof", "st", "jr", "sr", "gen", "gov", "sen", "rep", "lt", "col", "capt",
        "sgt", "rev", "hon", "atty", "esq", "supt", "det", "insp", "pres", "messrs",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
        "inc", "corp", "co", "ltd", "llc", "dept", "univ", "assn", "bros", "mt", "ft", "ave", "blvd", "rd",
        "vs", "v", "cf", "approx", "est", "fig", "al",
    };

    private const string ClosingMarks = "\"'”’)]»";
    private const string OpeningMarks = "\"'“‘([«";

    public static List<TextSpan> Split(string text) => Split(text, 0, text.Length);

    /// <summary>Sentences of <paramref name="text"/> within <c>[start, end)</c>, trimmed, with absolute offsets.</summary>
    public static List<TextSpan> Split(string text, int start, int end)
    {
        ArgumentNullException.ThrowIfNull(text);
        var spans = new List<TextSpan>();
        var sentenceStart = start;
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            if (c is not ('.' or '!' or '?' or '…'))
            {
                continue;
            }

            var j = i + 1;
            while (j < end && (text[j] is '.' or '!' or '?' or '…' || ClosingMarks.Contains(text[j], StringComparison.Ordinal)))
            {
                j++;
            }

            if (j < end && !char.IsWhiteSpace(text[j]))
            {
                i = j - 1;
                continue;
            }

            var next = j;
            while (next < end && char.IsWhiteSpace(text[next]))
            {
                next++;
            }

            var atEnd = next >= end;
            if (!atEnd && !StartsSentence(text[next]))
            {
                i = j - 1;
                continue;
            }

            if (!atEnd && c == '.' && j == i + 1 && IsAbbreviation(text, sentenceStart, i, next < end ? text[next] : '\0'))
            {
                continue;
            }

            if (!atEnd && c is ('?' or '!') && j == i + 1 && EndsTitle(text, sentenceStart, i))
            {
                continue;
            }

            AddTrimmed(text, sentenceStart, j, spans);
            sentenceStart = j;
            i = j - 1;
        }

        AddTrimmed(text, sentenceStart, end, spans);
        return spans;
    }

    private static bool StartsSentence(char c) =>
        char.IsUpper(c) || char.IsDigit(c) || OpeningMarks.Contains(c, StringComparison.Ordinal) || c is '$' or '£' or '€' or '•' or '#' or '@';

    /// <summary>Whether a word (without its period) is an initial or a known abbreviation, which a period follows without ending anything.</summary>
    internal static bool IsAbbreviation(string word) => word.Length == 1 || Abbreviations.Contains(word);

    /// <summary>Whether the period at <paramref name="dot"/> ends an abbreviation or initial rather than a sentence.</summary>
    private static bool IsAbbreviation(string text, int floor, int dot, char nextChar)
    {
        var wordStart = dot;
        while (wordStart > floor && (char.IsLetter(text[wordStart - 1]) || text[wordStart - 1] == '.'))
        {
            wordStart--;
        }

        var word = text[wordStart..dot];
        if (word.Length == 0)
        {
            return false;
        }

        // Initials: "E. Jean", "J. K. Rowling".
        if (word.Length == 1 && char.IsUpper(word[0]))
        {
            return true;
        }

        // Dotted acronyms: "U.S.", "a.m.", "e.g."
        if (word.Contains('.', StringComparison.Ordinal))
        {
            return true;
        }

        if (string.Equals(word, "no", StringComparison.OrdinalIgnoreCase))
        {
            return char.IsDigit(nextChar);
        }

        return Abbreviations.Contains(word);
    }

    /// <summary>
    /// Whether the "?" or "!" at <paramref name="mark"/> ends a title inside a sentence ("a book, What Do We Need Men
    /// For? A Modest Proposal"): the words before it are capitalised (small words aside), at least three of them, and
    /// the sentence began before them.
    /// </summary>
    private static bool EndsTitle(string text, int floor, int mark)
    {
        var words = text[floor..mark].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var title = words.Reverse().TakeWhile(w => Capitalised(w) || TitleSmallWords.Contains(w)).ToList();
        var capitalised = title.Count(Capitalised);
        return capitalised >= 3 && title.Count < words.Length;
    }

    private static bool Capitalised(string word) => word.TrimStart('“', '"', '(', '‘', '\'') is { Length: > 0 } w && char.IsUpper(w[0]);

    private static readonly HashSet<string> TitleSmallWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "of", "for", "and", "or", "in", "on", "to", "with", "at", "by", "from", "vs",
    };

    private static void AddTrimmed(string text, int start, int end, List<TextSpan> spans)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (end > start)
        {
            spans.Add(new TextSpan(start, end));
        }
    }
}
