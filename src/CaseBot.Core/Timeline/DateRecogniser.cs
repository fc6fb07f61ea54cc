using System.Globalization;
using System.Text.RegularExpressions;
using CaseBot.Core.Articles;

namespace CaseBot.Core.Timeline;

/// <summary>
/// A date expression found in a sentence, resolved to a calendar date; offsets are sentence offsets.
/// <see cref="Explicitness"/> is 2 when the text states the year, 1 for a month name without one, 0 for a weekday or
/// a relative phrase ("next year").
/// </summary>
internal readonly record struct DateMention(EventDate Date, TextSpan Span, int Explicitness, bool Attributive);

/// <summary>
/// Finds the date expressions of an English sentence and resolves them: explicit dates ("January 15, 2024",
/// "6 January 2021", "in May 2023", "in 2019", "the spring of 1996"), and, against the article's date, month or
/// month-and-day references without a year, weekdays ("on Wednesday"), "last/this/next year|month", "earlier this year",
/// "yesterday" and "tomorrow". A reference without a year goes to the nearest such date on or before the article's
/// date, or after it when its clause speaks of the future ("will", "scheduled", "due to").
/// </summary>
/// <remarks>
/// CaseBot specific: Microsoft.Recognizers.Text.DateTime is the library for this, but its 1.8.13 package does not
/// restore here (a dependency asks for a <c>vswhere</c> package the registry does not serve), so this is a small
/// recogniser for the forms news prose uses.
/// </remarks>
internal static partial class DateRecogniser
{
    /// <summary>The English month names, January first (also used where numbers are told from dates).</summary>
    internal static readonly string[] MonthNames =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    /// <summary>Words that put a bare month name in a date phrase ("in May", "since March", "for January").</summary>
    private static readonly HashSet<string> MonthLeadWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "in", "on", "since", "by", "until", "till", "from", "through", "of", "during", "before", "after", "for", "last",
        "next", "this", "early", "late", "mid", "around", "between", "and", "or", "to", "throughout", "back",
    };

    /// <summary>Determiners and possessives: a date right after one that is followed by a noun describes that noun.</summary>
    private static readonly HashSet<string> Determiners = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this", "that", "these", "those", "whose", "each", "every",
    };

    /// <summary>Words after a date that show it is not describing a noun ("the spring of 1996 when …").</summary>
    private static readonly HashSet<string> FunctionWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "when", "while", "and", "or", "but", "after", "before", "as", "at", "in", "on", "to", "of", "for", "that", "which",
        "where", "by", "with", "from", "until", "since", "is", "was", "were", "are", "had", "has", "have", "he", "she", "it",
        "they", "we", "i", "you", "the", "a", "an", "his", "her", "their", "its", "then", "so", "because", "if", "though",
    };

    /// <summary>Words that start a new clause: a tense marker beyond one belongs to another verb.</summary>
    private static readonly HashSet<string> ClauseWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "that", "which", "who", "whom", "where", "when", "while", "because", "although", "though", "whereas", "but", "and",
        "after", "before", "if", "unless",
    };

    /// <summary>The <see cref="DateMention.Explicitness"/> of a date whose text states its year.</summary>
    public const int StatesYear = 2;

    public static List<DateMention> Find(string sentence, DateOnly? articleDate) => Find(sentence, articleDate, yearOnly: false);

    /// <summary>
    /// The date expressions of a sentence from an article known only to its year (<paramref name="year"/>, estimated):
    /// month names without a year fall in that year (or the next, in a future clause); weekdays and "yesterday", which
    /// need the day, are left unresolved.
    /// </summary>
    public static List<DateMention> FindInYear(string sentence, int year) => Find(sentence, new DateOnly(year, 12, 31), yearOnly: true);

    private static List<DateMention> Find(string sentence, DateOnly? articleDate, bool yearOnly)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        var mentions = new List<DateMention>();
        var quotes = Quotations(sentence);
        foreach (Match match in DateExpression().Matches(sentence))
        {
            var span = new TextSpan(match.Index, match.Index + match.Length);
            var (date, statesYear) = yearOnly && (match.Groups["weekday"].Success || match.Groups["dayWord"].Success
                || (match.Groups["relative"].Success && !match.Groups["relUnit"].Value.Equals("year", StringComparison.OrdinalIgnoreCase)))
                ? (null, false)
                : Resolve(sentence, match, span, articleDate);
            var explicitness = statesYear ? StatesYear : match.Groups["monthDay"].Success || match.Groups["dayMonth"].Success || match.Groups["month"].Success ? 1 : 0;

            // In quoted speech a date without its year is relative to when the speaker spoke, not to the article.
            if (date is null || (!statesYear && quotes.Any(q => q.Start <= span.Start && span.End <= q.End)))
            {
                continue;
            }

            mentions.Add(new DateMention(date.Value, span, explicitness, IsAttributive(sentence, match)));
        }

        return mentions;
    }

    /// <summary>
    /// The date of the sentence's event: the most exact of its dates, a stated year before a resolved one, the first of
    /// equals; a date describing a noun ("his 2020 election loss") is not when the sentence's event happened.
    /// </summary>
    public static DateMention? EventDateOf(IEnumerable<DateMention> mentions) =>
        mentions.Where(m => !m.Attributive)
            .OrderByDescending(m => m.Date.Precision)
            .ThenByDescending(m => m.Explicitness)
            .Select(m => (DateMention?)m)
            .FirstOrDefault();

    /// <summary>The spans of the sentence inside quotation marks (curly or straight); an unclosed one runs to the end.</summary>
    private static List<TextSpan> Quotations(string sentence)
    {
        var spans = new List<TextSpan>();
        int? open = null;
        for (var i = 0; i < sentence.Length; i++)
        {
            var c = sentence[i];
            if (open is null && c is '“' or '"')
            {
                open = i;
            }
            else if (open is not null && c is '”' or '"')
            {
                spans.Add(new TextSpan(open.Value, i + 1));
                open = null;
            }
        }

        if (open is not null)
        {
            spans.Add(new TextSpan(open.Value, sentence.Length));
        }

        return spans;
    }

    private static (EventDate? Date, bool StatesYear) Resolve(string sentence, Match m, TextSpan span, DateOnly? articleDate)
    {
        var g = m.Groups;
        if (g["year"].Success)
        {
            return (EventDate.OfYear(Year(g["year"].Value)), true);
        }

        if (g["season"].Success)
        {
            return (EventDate.OfYear(Year(g["sy"].Value)), true);
        }

        if (g["monthYear"].Success)
        {
            return (EventDate.OfMonth(Year(g["my"].Value), Month(g["mm"].Value)), true);
        }

        if (g["monthDay"].Success || g["dayMonth"].Success)
        {
            var month = Month(g["monthDay"].Success ? g["m1"].Value : g["m2"].Value);
            var day = int.Parse(g["monthDay"].Success ? g["d1"].Value : g["d2"].Value, CultureInfo.InvariantCulture);
            var yearText = g["monthDay"].Success ? g["y1"] : g["y2"];
            if (yearText.Success)
            {
                var explicitDay = ValidDay(Year(yearText.Value), month, day);
                return explicitDay is null ? (null, true) : (EventDate.OfDay(explicitDay.Value), true);
            }

            if (articleDate is not { } reference || day > DateTime.DaysInMonth(2000, month))
            {
                return (null, false);
            }

            return (EventDate.OfDay(NearestDay(reference, month, day, IsFuture(sentence, span))), false);
        }

        if (articleDate is not { } date)
        {
            return (null, false);
        }

        if (g["month"].Success)
        {
            var lead = WordBefore(sentence, m.Index);
            if (!g["poss"].Success && !MonthLeadWords.Contains(lead))
            {
                return (null, false);
            }

            var month = Month(g["m5"].Value);
            var year = lead.ToLowerInvariant() switch
            {
                "last" => month < date.Month ? date.Year : date.Year - 1,
                "next" => month > date.Month ? date.Year : date.Year + 1,
                _ when IsFuture(sentence, span) => month >= date.Month ? date.Year : date.Year + 1,
                _ => month <= date.Month ? date.Year : date.Year - 1,
            };
            return (EventDate.OfMonth(year, month), false);
        }

        if (g["weekday"].Success)
        {
            var weekday = Enum.Parse<DayOfWeek>(g["wd"].Value, ignoreCase: false);
            var direction = g["wdRel"].Value.ToLowerInvariant() switch
            {
                "last" => -1,
                "next" => 1,
                _ => IsFuture(sentence, span) ? 1 : 0,
            };
            return (EventDate.OfDay(NearestWeekday(date, weekday, direction)), false);
        }

        if (g["relative"].Success)
        {
            var offset = g["relDir"].Value.ToLowerInvariant() switch { "last" => -1, "next" => 1, _ => 0 };
            return g["relUnit"].Value.Equals("year", StringComparison.OrdinalIgnoreCase)
                ? (EventDate.OfYear(date.Year + offset), false)
                : (EventDate.OfMonth(date.AddMonths(offset).Year, date.AddMonths(offset).Month), false);
        }

        if (g["dayWord"].Success)
        {
            var offset = g["dayWord"].Value.ToLowerInvariant() switch { "yesterday" => -1, "tomorrow" => 1, _ => 0 };
            return (EventDate.OfDay(date.AddDays(offset)), false);
        }

        return (null, false);
    }

    /// <summary>
    /// The nearest day of that month and day on or before the reference date, or on or after it for a future clause
    /// (29 February moves to a leap year's).
    /// </summary>
    private static DateOnly NearestDay(DateOnly reference, int month, int day, bool future)
    {
        var step = future ? 1 : -1;
        for (var year = reference.Year; ; year += step)
        {
            if (ValidDay(year, month, day) is { } candidate && (future ? candidate >= reference : candidate <= reference))
            {
                return candidate;
            }
        }
    }

    /// <summary>
    /// direction 0: the most recent such weekday on or before the reference; -1: strictly before ("last Monday");
    /// 1: strictly after ("next Monday", or a future clause).
    /// </summary>
    private static DateOnly NearestWeekday(DateOnly reference, DayOfWeek weekday, int direction)
    {
        if (direction > 0)
        {
            var ahead = ((int)weekday - (int)reference.DayOfWeek + 7) % 7;
            return reference.AddDays(ahead == 0 ? 7 : ahead);
        }

        var back = ((int)reference.DayOfWeek - (int)weekday + 7) % 7;
        return reference.AddDays(-(back == 0 && direction < 0 ? 7 : back));
    }

    /// <summary>
    /// Whether the clause holding the date speaks of the future. A date that stands alone in its clause
    /// ("On Monday, the court will …") takes the tense of the clause after it.
    /// </summary>
    internal static bool IsFuture(string sentence, TextSpan date)
    {
        var (start, end) = Clause(sentence, date.Start, date.End);
        var outside = string.Concat(sentence.AsSpan(start, date.Start - start), " ", sentence.AsSpan(date.End, end - date.End));
        if (!Words().Matches(outside).Any(w => !MonthLeadWords.Contains(w.Value)) && end < sentence.Length)
        {
            (_, end) = Clause(sentence, end + 1, Math.Min(sentence.Length, end + 1));
        }

        // The tense marker nearest the date decides ("has spent time since his bail was revoked in February").
        var nearestFuture = Distance(FutureMarker().Matches(sentence[start..end]), start, date);
        var nearestPast = Distance(PastMarker().Matches(sentence[start..end]), start, date);
        return nearestFuture < nearestPast;
    }

    private static int Distance(MatchCollection markers, int offset, TextSpan date) =>
        markers.Select(m => m.Index + offset >= date.End ? m.Index + offset - date.End : Math.Max(0, date.Start - (m.Index + offset + m.Length)))
            .DefaultIfEmpty(int.MaxValue)
            .Min();

    private static (int Start, int End) Clause(string sentence, int from, int to)
    {
        var start = from;
        while (start > 0 && !IsClauseBreak(sentence, start - 1, backwards: true))
        {
            start--;
        }

        var end = to;
        while (end < sentence.Length && !IsClauseBreak(sentence, end, backwards: false))
        {
            end++;
        }

        return (start, end);
    }

    private static bool IsClauseBreak(string sentence, int at, bool backwards)
    {
        if (sentence[at] is ',' or ';' or ':' or '(' or ')' or '—' or '–')
        {
            return true;
        }

        if (sentence[at] == '-' && at > 0 && at + 1 < sentence.Length && sentence[at - 1] == ' ' && sentence[at + 1] == ' ')
        {
            return true;
        }

        // A clause word starting right after (going forward) or ending right before (going backward) this space.
        if (sentence[at] != ' ')
        {
            return false;
        }

        var word = backwards ? WordBefore(sentence, at) : WordAfter(sentence, at + 1);
        return ClauseWords.Contains(word);
    }

    /// <summary>A date right after a determiner or possessive and right before a noun describes it ("the 2019 law").</summary>
    private static bool IsAttributive(string sentence, Match m)
    {
        if (m.Groups["weekday"].Success && m.Groups["wdRel"].Success)
        {
            return false;
        }

        var before = WordBefore(sentence, m.Index);
        var possessive = before.EndsWith("'s", StringComparison.Ordinal) || before.EndsWith("’s", StringComparison.Ordinal);
        if (!Determiners.Contains(before) && !possessive)
        {
            return false;
        }

        var after = WordAfter(sentence, m.Index + m.Length);
        return after.Length > 0 && char.IsLetter(after[0]) && !FunctionWords.Contains(after);
    }

    /// <summary>The word ending just before <paramref name="at"/> (spaces skipped), or "".</summary>
    private static string WordBefore(string sentence, int at)
    {
        var end = at;
        while (end > 0 && char.IsWhiteSpace(sentence[end - 1]))
        {
            end--;
        }

        var start = end;
        while (start > 0 && (char.IsLetterOrDigit(sentence[start - 1]) || sentence[start - 1] is '\'' or '’'))
        {
            start--;
        }

        return sentence[start..end];
    }

    /// <summary>The word starting at or after <paramref name="at"/> (spaces skipped), or "" at punctuation.</summary>
    private static string WordAfter(string sentence, int at)
    {
        var start = at;
        while (start < sentence.Length && char.IsWhiteSpace(sentence[start]))
        {
            start++;
        }

        var end = start;
        while (end < sentence.Length && char.IsLetterOrDigit(sentence[end]))
        {
            end++;
        }

        return sentence[start..end];
    }

    private static int Year(string text) => int.Parse(text, CultureInfo.InvariantCulture);

    private static int Month(string name)
    {
        var key = name.TrimEnd('.');
        return Array.FindIndex(MonthNames, n => n.StartsWith(key, StringComparison.Ordinal)) + 1;
    }

    private static DateOnly? ValidDay(int year, int month, int day) =>
        day >= 1 && day <= DateTime.DaysInMonth(year, month) ? new DateOnly(year, month, day) : null;

    /// <summary>The months' names, as a regular-expression alternation: the one list every date recogniser uses.</summary>
    internal const string Months = "January|February|March|April|May|June|July|August|September|October|November|December";

    /// <summary>The days of the week, as a regular-expression alternation.</summary>
    internal const string Weekdays = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday";
    private const string MonthAbbreviations = @"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.";
    private const string YearPattern = @"(?<![\d$£€.,/]|\d-)(?:1[89]\d\d|20\d\d)(?![\d%]|['’]?s\b)";

    [GeneratedRegex(
        @"(?<monthDay>(?<m1>" + Months + "|" + MonthAbbreviations + @")\s+(?<d1>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?<y1>" + YearPattern + @"))?)"
        + @"|(?<dayMonth>(?<![\d.,$])(?<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?<m2>" + Months + @")\b(?:,?\s+(?<y2>" + YearPattern + @"))?)"
        + @"|(?<monthYear>(?<mm>" + Months + @")\s+(?:of\s+)?(?<my>" + YearPattern + @"))"
        + @"|(?<season>\b(?:[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter|[Ee]arly|[Ll]ate|[Mm]id-?)\s*(?:of\s+)?(?<sy>" + YearPattern + @"))"
        + @"|(?<month>\b(?<m5>" + Months + @")(?<poss>['’]s)?\b)"
        + @"|(?<year>\b" + YearPattern + @"\b)"
        + @"|(?<weekday>\b(?:(?<wdRel>[Ll]ast|[Nn]ext|[Tt]his)\s+)?(?<wd>" + Weekdays + @")(?:['’]s)?\b)"
        + @"|(?<relative>\b(?:(?:[Ee]arlier|[Ll]ater)\s+)?(?<relDir>[Ll]ast|[Nn]ext|[Tt]his)\s+(?<relUnit>year|month)\b)"
        + @"|(?<dayWord>\b(?:[Yy]esterday|[Tt]omorrow|[Tt]onight|[Tt]his\s+(?:morning|afternoon|evening))\b)")]
    private static partial Regex DateExpression();

    /// <summary>Words of a future clause; "had been scheduled for" is a past plan.</summary>
    [GeneratedRegex(@"\b(?:will|won't|shall|would(?!\s+have)|(?<!\bhad\s+(?:\w+\s+){0,2})(?:scheduled|slated|set\s+(?:to|for)|due\s+(?:to|in|on)|expected\s+to|plans?\s+to|planned|going\s+to)|upcoming)\b|\w'll\b", RegexOptions.IgnoreCase)]
    private static partial Regex FutureMarker();

    /// <summary>Words of a past clause: auxiliaries, common irregular past forms and regular "-ed" forms (not the future ones).</summary>
    [GeneratedRegex(@"\b(?:was|were|had|did|has\s+been|have\s+been|ago|said|went|came|took|began|found|won|lost|told|made|paid|sent|held|gave|left|met|brought|fell|rose|saw|spoke|wrote|ran|sought|fought|heard|sold|bought|(?!(?:scheduled|slated|planned|expected|hundred)\b)\w{2,}[^e\W]ed)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PastMarker();

    [GeneratedRegex(@"\p{L}[\p{L}'’]*")]
    private static partial Regex Words();
}
