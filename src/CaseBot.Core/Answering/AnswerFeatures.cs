using System.Text.RegularExpressions;

namespace CaseBot.Core.Answering;

/// <summary>Finds, in a sentence, the kind of value a question asks for: an amount, a count, a date, an age, a name…</summary>
internal static partial class AnswerFeatures
{
    /// <summary>The values of the asked-for kind in <paramref name="sentence"/> that the question does not already contain.</summary>
    public static List<string> Find(AnswerType type, string sentence, string question) =>
        ValuesAt(type, sentence, FindSpans(type, sentence, question));

    /// <summary>The values standing at spans found by <see cref="FindSpans"/>, written so that equal values compare equal.</summary>
    public static List<string> ValuesAt(AnswerType type, string sentence, List<(int Start, int Length)> spans) =>
        spans.ConvertAll(span => type switch
        {
            AnswerType.Person => Bare(sentence.Substring(span.Start, span.Length)).ToLowerInvariant(),
            AnswerType.Amount or AnswerType.Count => Quantities.Canonical(sentence.Substring(span.Start, span.Length)) ?? Normalize(sentence.Substring(span.Start, span.Length).Trim()),
            _ => Normalize(sentence.Substring(span.Start, span.Length).Trim()),
        });

    /// <summary>Where in <paramref name="sentence"/> the values of <see cref="Find"/> stand (start, length).</summary>
    public static List<(int Start, int Length)> FindSpans(AnswerType type, string sentence, string question)
    {
        var regex = type switch
        {
            AnswerType.Amount => Money(),
            AnswerType.Count => Count(),
            AnswerType.Date => Date(),
            AnswerType.Age => Age(),
            AnswerType.Person => Name(),
            AnswerType.Name => CapitalisedRun(),
            AnswerType.Identity => Role(),
            AnswerType.Place => Place(),
            AnswerType.Reason => Reason(),
            AnswerType.Quote => Quoted(),
            _ => null,
        };
        if (regex is null)
        {
            return [];
        }

        if (type == AnswerType.Person)
        {
            return PeopleNamed(sentence, question);
        }

        if (type == AnswerType.Name)
        {
            return ProperNames(sentence, question);
        }

        var values = new List<(int, int)>();
        foreach (Match match in regex.Matches(sentence))
        {
            var value = match.Value.Trim();
            if (type is AnswerType.Reason or AnswerType.Quote or AnswerType.Identity
                || !question.Contains(value, StringComparison.OrdinalIgnoreCase))
            {
                values.Add((match.Index, match.Length));
            }
        }

        return values;
    }

    /// <summary>
    /// Capitalised words that look like a person's name and are not already in the question: not a sentence's first
    /// word unless a name follows or it is set off by a comma, and not a title, month, pronoun or institution word.
    /// A name the question already holds, even misspelt ("carrol"), is left out whole: with "trump" asked, neither
    /// "Donald" nor "Trump" of "Donald Trump" is an answer.
    /// </summary>
    private static List<(int Start, int Length)> PeopleNamed(string sentence, string question)
    {
        var askedWords = Word().Matches(question).Select(m => Bare(m.Value).ToLowerInvariant()).ToList();
        var words = Word().Matches(sentence);
        var asked = AskedNames(sentence, words, askedWords);
        var names = new List<(int, int)>();
        for (var i = 0; i < words.Count; i++)
        {
            var word = Bare(words[i].Value);
            if (PeopleNouns.Contains(word) && !IsAsked(word, askedWords))
            {
                names.Add((words[i].Index, words[i].Length));
                continue;
            }

            if (word.Length < 2 || !char.IsUpper(word[0]) || !word.Any(char.IsLower) || NotNames.Contains(word) || asked[i])
            {
                continue;
            }

            var end = words[i].Index + words[i].Length;
            var initial = words[i].Index == 0 || sentence[..words[i].Index].Trim().Length == 0 || sentence[..words[i].Index].TrimEnd().EndsWith('“') || sentence[..words[i].Index].TrimEnd().EndsWith('"');
            var nameFollows = i + 1 < words.Count && char.IsUpper(words[i + 1].Value[0]) && words[i + 1].Index == end + 1;
            var setOff = SetOff(sentence, end);
            if (!initial || nameFollows || setOff)
            {
                names.Add((words[i].Index, words[i].Length));
            }
        }

        return names;
    }

    /// <summary>
    /// Proper names of anything (a person, a book, a law, a firm): runs of capitalised words, small joining words allowed
    /// inside ("Bergdorf Goodman", "What Do We Need Men For"). Not a lone first word of the sentence unless set off by a
    /// comma, not a lone month, weekday, title or pronoun, and not a name the question already holds.
    /// </summary>
    private static List<(int Start, int Length)> ProperNames(string sentence, string question)
    {
        var askedWords = Word().Matches(question).Select(m => Bare(m.Value).ToLowerInvariant()).ToList();
        var names = new List<(int, int)>();
        foreach (Match match in CapitalisedRun().Matches(sentence))
        {
            var words = Word().Matches(match.Value).Select(m => Bare(m.Value)).Where(w => w.Length > 0 && char.IsUpper(w[0])).ToList();
            var named = words.Where(w => !NotNames.Contains(w) && !IsAsked(w, askedWords)).ToList();
            if (named.Count == 0)
            {
                continue;
            }

            var end = match.Index + match.Length;
            var initial = sentence[..match.Index].Trim().Trim('"', '“', '‘', '\'').Length == 0;
            var setOff = SetOff(sentence, end);
            if (words.Count == 1 && initial && !setOff)
            {
                continue;
            }

            // A full stop ends the sentence, not the name, unless it closes an initial ("J.").
            var length = match.Length;
            var lastWord = match.Value[(match.Value.LastIndexOf(' ') + 1)..];
            if (match.Value.EndsWith('.') && lastWord.Length > 2)
            {
                length--;
            }

            names.Add((match.Index, length));
        }

        return names;
    }

    /// <summary>Whether the word ending at <paramref name="end"/> is set off by a comma or a possessive ("Carroll, 79"; "Kaplan's").</summary>
    private static bool SetOff(string sentence, int end) => end < sentence.Length && sentence[end] is ',' or '’' or '\'';

    /// <summary>For each word, whether it belongs to a run of capitalised words (a full name) the question names.</summary>
    private static bool[] AskedNames(string sentence, MatchCollection words, List<string> askedWords)
    {
        var asked = new bool[words.Count];
        var start = 0;
        for (var i = 0; i <= words.Count; i++)
        {
            var continues = i < words.Count && i > start && char.IsUpper(words[i].Value[0]) && char.IsUpper(words[i - 1].Value[0])
                && words[i].Index == words[i - 1].Index + words[i - 1].Length + 1 && sentence[words[i].Index - 1] == ' ';
            if (continues)
            {
                continue;
            }

            if (i > start && Enumerable.Range(start, i - start).Any(k => char.IsUpper(words[k].Value[0]) && !NotNames.Contains(Bare(words[k].Value)) && IsAsked(Bare(words[k].Value), askedWords)))
            {
                for (var k = start; k < i; k++)
                {
                    asked[k] = true;
                }
            }

            start = i;
        }

        return asked;
    }

    /// <summary>Whether the question holds the word, allowing one typo in words of five letters or more.</summary>
    private static bool IsAsked(string word, List<string> askedWords)
    {
        var lower = word.ToLowerInvariant();
        foreach (var asked in askedWords)
        {
            if (asked == lower || (lower.Length >= 5 && asked.Length >= 4 && Retrieval.EditDistance.Compute(asked, lower, 1) <= 1))
            {
                return true;
            }
        }

        return false;
    }

    private static string Bare(string word)
    {
        word = word.TrimEnd('’', '\'', '.');
        return word.EndsWith("’s", StringComparison.Ordinal) || word.EndsWith("'s", StringComparison.Ordinal) ? word[..^2] : word;
    }

    /// <summary>Words for people who are not named ("two friends", "the police").</summary>
    private static readonly HashSet<string> PeopleNouns = new(StringComparer.Ordinal)
    {
        "friend", "friends", "family", "sister", "brother", "mother", "father", "husband", "wife", "colleague", "colleagues",
        "police", "prosecutor", "prosecutors", "jurors", "reporter", "reporters", "journalist", "journalists", "women", "neighbor",
    };

    private static readonly HashSet<string> NotNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "an", "in", "on", "at", "of", "for", "to", "by", "with", "from", "and", "but", "or", "so", "when", "after", "before",
        "while", "if", "as", "this", "that", "these", "those", "then", "there", "here", "now", "also", "however", "thus", "meanwhile",
        "he", "she", "it", "they", "we", "i", "you", "his", "her", "its", "their", "our", "my", "your", "him", "them",
        "mr", "ms", "mrs", "dr", "judge", "justice", "president", "former", "federal", "district", "court", "us", "u.s", "uk",
        "new", "york", "white", "house", "republican", "republicans", "democrat", "democratic", "department", "government",
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "spring", "summer", "autumn", "winter",
        "american", "america", "united", "states", "state", "capitol", "magazine", "store", "university", "school", "law",
        "photo", "images", "north", "south", "east", "west", "one", "two", "three", "what", "who", "why", "how",
    };

    /// <summary>Dates and other values written the same way compare equal (amounts and counts: <see cref="Quantities"/>).</summary>
    private static string Normalize(string value) =>
        value.ToLowerInvariant().Replace(",", string.Empty, StringComparison.Ordinal).Replace(" million", "m", StringComparison.Ordinal).Replace("-million", "m", StringComparison.Ordinal);

    [GeneratedRegex(@"[\p{L}][\p{L}'’.-]*")]
    private static partial Regex Word();

    [GeneratedRegex(@"[$£€]\s?\d[\d,]*(\.\d+)?(\s?(million|billion|m|bn|k)\b)?|\b\d[\d,]*(\.\d+)?\s?(million|billion)\s(dollars|pounds|euros)\b|\b(one|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|hundred)[- ]million\b|\bmulti-million\b", RegexOptions.IgnoreCase)]
    private static partial Regex Money();

    [GeneratedRegex(@"(?<![$£€\d,.])\b(?!(19|20)\d\d\b)\d{1,3}(,\d{3})*\b(?![-–]year)|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|dozens?|hundreds?|twice|both|several|single|first|second|third)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Count();

    [GeneratedRegex(@"\b(" + Timeline.DateRecogniser.Months + @"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?(\s\d{1,2}\b)?(,?\s(19|20)\d\d)?|\b(19|20)\d\d\b|\b(" + Timeline.DateRecogniser.Weekdays + @")\b|\b(spring|summer|autumn|fall|winter) of\b|\b(mid-|late |early )?(19|20)\d0s\b|\b(last|next|this) (year|month|week)\b|\bdecades? (earlier|ago)\b")]
    private static partial Regex Date();

    [GeneratedRegex(@"\b\d{1,3}[-\s]years?[-\s]old\b|\baged?\s\d{1,3}\b|\bnow\s\d{1,3}\b|,\s\d{2},|\b\d{2}\syears\sof\sage\b", RegexOptions.IgnoreCase)]
    private static partial Regex Age();

    [GeneratedRegex(@"\b(Judge|Justice|Mr\.?|Ms\.?|Mrs\.?|Dr\.?|President|Prof\.?)\s\p{Lu}[\p{L}'’-]+|\b\p{Lu}[\p{Ll}'’-]+(\s\p{Lu}\.?)?\s\p{Lu}[\p{Ll}'’-]+\b")]
    private static partial Regex Name();

    [GeneratedRegex(@"\b\p{Lu}[\p{L}'’.&-]*(?:\s(?:(?:of|the|for|and|de|du|van|von|&)\s)?\p{Lu}[\p{L}'’.&-]*)*")]
    private static partial Regex CapitalisedRun();

    [GeneratedRegex(@"\b(a|an|the)\s([\w-]+\s){0,3}?(professor|prosecutor|judge|lawyer|attorney|columnist|writer|author|journalist|president|official|spokes\w+|expert|consultant|analyst|reporter|editor|senator|governor|candidate|director|founder|partner|advocate|scientist|doctor|friend|witness|juror|host|anchor|adviser|advisor|aide|executive)\b|,\s(a|an)\s[\w-]+", RegexOptions.IgnoreCase)]
    private static partial Regex Role();

    [GeneratedRegex(@"\b(in|at|inside|into|outside|near|from)\s(the\s|a\s)?(\p{Lu}[\p{L}'’.]+(\s\p{Lu}[\p{L}'’.]+)*|[\w-]+\s(store|room|magazine|court|office|building|home|apartment|hotel|department store))\b|\b(store|dressing room|fitting room|department store|magazine|courtroom)\b")]
    private static partial Regex Place();

    [GeneratedRegex(@"\b(because|since|as a result|due to|arguing|argued|claiming|so that|in order to|on the grounds|given that|making)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Reason();

    [GeneratedRegex(@"[""“][^""”]{3,}[""”]")]
    private static partial Regex Quoted();
}
