using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using CaseBot.Core.Articles;

namespace CaseBot.Core.Answering.Verification;

/// <summary>A word of a sentence: lower case, where it stands, and which clause (between commas, semicolons…) holds it.</summary>
internal readonly record struct Token(string Text, int Start, int End, int Clause);

/// <summary>
/// How a sentence is read for checking claims: its words by clause, where phrases occur, which words a negation
/// governs and which words are someone's account (the clause a reporting verb governs, or the quotation it introduces).
/// </summary>
internal static partial class ClaimText
{
    /// <summary>How many words before an outcome a negation in the same clause still governs it.</summary>
    public const int NegationReach = 6;

    /// <summary>A reporting verb followed by at most this many words in its clause names a speaker ("…, said the judge").</summary>
    public const int SpeakerLength = 4;

    public static IReadOnlyList<Token> Tokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Tokenised.GetOrAddBounded(text, Tokenise, TokenCacheCapacity);
    }

    /// <summary>
    /// Most texts kept tokenised. Every claim is checked against the sentences of the passages it cites, and the same
    /// passages come back question after question, so their tokens are worth keeping; cleared when full.
    /// </summary>
    public const int TokenCacheCapacity = 10_000;

    private static readonly ConcurrentDictionary<string, Token[]> Tokenised = new(StringComparer.Ordinal);

    private static Token[] Tokenise(string text)
    {
        var tokens = new List<Token>();
        var clause = 0;
        var last = 0;
        foreach (Match m in Word().Matches(text))
        {
            for (var i = last; i < m.Index; i++)
            {
                // A '.' after an initial or a title ("U.S. Magistrate", "Mr. Okafor") ends no clause; after "No." it does.
                if (ClauseMarks.Contains(text[i]) || (text[i] == '.' && !(tokens.Count > 0 && SentenceSplitter.IsAbbreviation(tokens[^1].Text))))
                {
                    clause++;
                    break;
                }
            }

            tokens.Add(new Token(m.Value.ToLowerInvariant().Replace('’', '\''), m.Index, m.Index + m.Length, clause));
            last = m.Index + m.Length;
        }

        return [.. tokens];
    }

    /// <summary>The token indexes where <paramref name="phrase"/> (lower-case words) begins.</summary>
    public static IEnumerable<int> Find(IReadOnlyList<Token> tokens, string[] phrase)
    {
        for (var i = 0; i + phrase.Length <= tokens.Count; i++)
        {
            var match = true;
            for (var k = 0; k < phrase.Length && match; k++)
            {
                match = tokens[i + k].Text == phrase[k];
            }

            if (match)
            {
                yield return i;
            }
        }
    }

    /// <summary>Whether a negation stands before token <paramref name="at"/> in its clause, within <see cref="NegationReach"/> words, with no "but" between.</summary>
    public static bool Negated(IReadOnlyList<Token> tokens, int at, ClaimWords words)
    {
        foreach (var negation in words.Negation)
        {
            foreach (var i in Find(tokens, negation))
            {
                var end = i + negation.Length - 1;
                if (end < at && at - end <= NegationReach && tokens[i].Clause == tokens[at].Clause && !ContrastBetween(tokens, end, at))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Whether token <paramref name="at"/> is in a question the sentence only raises ("will decide how much, not whether
    /// he is liable", "asked if the fine was lawful"): a "whether" or "if" before it in its clause, within
    /// <see cref="NegationReach"/> words. What it says is neither stated nor denied.
    /// </summary>
    public static bool Questioned(IReadOnlyList<Token> tokens, int at)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        for (var i = Math.Max(0, at - NegationReach); i < at; i++)
        {
            if (tokens[i].Clause == tokens[at].Clause && tokens[i].Text is "whether" or "if")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a "but" or a "than" stands between two tokens: "not about her but about every woman" affirms what follows
    /// "but", and "no stronger than those on the fraud damages" compares with what follows "than", denying nothing of it.
    /// </summary>
    public static bool ContrastBetween(IReadOnlyList<Token> tokens, int from, int to)
    {
        for (var i = from + 1; i < to; i++)
        {
            if (tokens[i].Text is "but" or "than")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// For each token, whether it is part of someone's account: the quotation a reporting verb introduces ("said
    /// “…”"), the clauses before a closing "…, said the judge", or else what follows the reporting verb ("arguing
    /// that…", "Kaplan said the trial…"). A verb whose speaker is one of <paramref name="deciders"/> ("the judge
    /// wrote", "…, the court said") reports a decision, not an account; so does one whose speaker is a pronoun ("he
    /// added that…", or a sentence opening with "He" and a participle: "He …, adding that…") when
    /// <paramref name="sentenceBefore"/>, the sentence before, opens with one who decides ("The judge ruled…. He added…").
    /// A verb that ends its clause ("…, as the defendant alleged, adding…") reports what its own clause says before it,
    /// not the clauses after.
    /// </summary>
    public static bool[] Reported(string text, IReadOnlyList<Token> tokens, IReadOnlyList<string[]> reporting, IReadOnlySet<string>? deciders = null, string? sentenceBefore = null, IReadOnlySet<string>? addressed = null)
    {
        var pronounForDecider = deciders is { Count: > 0 } && sentenceBefore is not null && OpensWithDecider(Tokens(sentenceBefore), deciders);
        var reported = new bool[tokens.Count];
        foreach (var phrase in reporting)
        {
            foreach (var r in Find(tokens, phrase))
            {
                var next = r + phrase.Length;
                if (next < tokens.Count && OpensQuote(text, tokens[next - 1].End, tokens[next].Start))
                {
                    var close = ClosingQuote(text, tokens[next].Start);
                    for (var i = next; i < tokens.Count && tokens[i].Start < close; i++)
                    {
                        reported[i] = true;
                    }

                    continue;
                }

                if (r > 0 && Determiners.Contains(tokens[r - 1].Text))
                {
                    continue; // "the alleged attack", "her allegations": a modifier or a noun, not a verb reporting a clause
                }

                var clause = tokens[r].Clause;
                if (deciders is { Count: > 0 } && (SpokenByDecider(tokens, r, next, deciders) || (pronounForDecider && SpokenByPronoun(tokens, r, next))))
                {
                    continue;
                }

                if (addressed is { Count: > 0 } && addressed.Contains(tokens[r].Text) && AddressedOnly(text, tokens, next))
                {
                    continue;
                }

                if (AsideThenThat(tokens, next, clause) is { } that)
                {
                    // "Kaplan wrote, however, that…": the aside between the verb and its "that" is not where the account ends.
                    for (var i = that; i < tokens.Count; i++)
                    {
                        reported[i] = true;
                    }

                    continue;
                }

                var after = 0;
                for (var i = next; i < tokens.Count && tokens[i].Clause == clause; i++)
                {
                    after++;
                }

                if (after == 0 && next < tokens.Count && tokens.Take(r).All(t => t.Clause == clause))
                {
                    // "The verdict was fair, as the defendant alleged, …" reads the other way round, but "X was Y as the
                    // defendant alleged, adding that…": the account is the verb's own clause, before it.
                    for (var i = 0; i < r; i++)
                    {
                        reported[i] = true;
                    }

                    continue;
                }

                var before = tokens.Take(r).Count(t => t.Clause < clause);
                var followedByMore = next + after < tokens.Count;
                var speakerBefore = r - tokens.Take(r).Count(t => t.Clause < clause);
                if (after <= SpeakerLength && before > 0 && speakerBefore <= SpeakerLength && (!followedByMore || AfterQuotation(text, tokens, clause)) && !tokens[r].Text.EndsWith("ing", StringComparison.Ordinal))
                {
                    // "…," said the judge / "…," Kaplan wrote / "…, her lawyer said.": the clauses before are the account.
                    for (var i = 0; i < r; i++)
                    {
                        reported[i] |= tokens[i].Clause < clause;
                    }
                }
                else if (after <= SpeakerLength && r == 0 && followedByMore)
                {
                    // "According to the complaint, …": the clauses after are the account.
                    for (var i = next + after; i < tokens.Count; i++)
                    {
                        reported[i] = true;
                    }
                }
                else
                {
                    for (var i = next; i < tokens.Count; i++)
                    {
                        reported[i] = true;
                    }
                }
            }
        }

        return reported;
    }

    /// <summary>How many words an aside between a reporting verb and its "that" may have (", however,", ", in fact,").</summary>
    public const int AsideLength = 2;

    /// <summary>
    /// Where the "that" clause starts when a reporting verb ends its clause and a short aside set off by commas stands
    /// between it and "that" ("wrote, however, that…"); otherwise null.
    /// </summary>
    private static int? AsideThenThat(IReadOnlyList<Token> tokens, int next, int clause)
    {
        if (next >= tokens.Count || tokens[next].Clause == clause)
        {
            return null;
        }

        var aside = tokens[next].Clause;
        var end = next;
        while (end < tokens.Count && tokens[end].Clause == aside)
        {
            end++;
        }

        return end - next <= AsideLength && end < tokens.Count && tokens[end].Text == "that" ? end : null;
    }

    /// <summary>How far back in its clause a verb's subject may name its speaker ("U.S. Regional Arbitrator Ines Okafor in a 40-page award said").</summary>
    public const int SubjectLength = 10;

    /// <summary>
    /// Words that put a noun after them out of the subject ("before the judge, …", "in front of the court"); a name after
    /// one is a place or a time, not a doer ("a judge in New York").
    /// </summary>
    public static readonly HashSet<string> Prepositions = new(StringComparer.Ordinal) { "to", "before", "of", "with", "for", "by", "at", "from", "in", "on", "about", "against" };

    /// <summary>
    /// Whether a word of the verb's speaker, within <see cref="SpeakerLength"/> words either side in its clause, names one
    /// who decides, or the clause opens with a subject that does ("U.S. Regional Arbitrator … in a 40-page award said").
    /// </summary>
    private static bool SpokenByDecider(IReadOnlyList<Token> tokens, int verb, int next, IReadOnlySet<string> deciders)
    {
        var clause = tokens[verb].Clause;
        var start = verb;
        while (start > 0 && tokens[start - 1].Clause == clause)
        {
            start--;
        }

        for (var i = start; i < verb && !Prepositions.Contains(tokens[i].Text); i++)
        {
            if (deciders.Contains(tokens[i].Text) && verb - i <= SubjectLength)
            {
                return true;
            }
        }

        return SpeakerNear(tokens, verb, next, deciders);
    }

    /// <summary>Whether one of <paramref name="speakers"/> stands within <see cref="SpeakerLength"/> words either side of the verb in its clause.</summary>
    private static bool SpeakerNear(IReadOnlyList<Token> tokens, int verb, int next, IReadOnlySet<string> speakers)
    {
        var clause = tokens[verb].Clause;
        for (var i = Math.Max(0, verb - SpeakerLength); i < Math.Min(tokens.Count, next + SpeakerLength); i++)
        {
            if (tokens[i].Clause == clause && (i < verb || i >= next) && speakers.Contains(tokens[i].Text))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>How many words a description of a name may have ("the luxury department store Okafor &amp; Sons").</summary>
    public const int DescriptionLength = 5;

    /// <summary>
    /// For each token, whether it describes a name: the words between an article and a name of two or more capitalised
    /// words ("the <i>riverside grain</i> merchant Okafor Brothers"), or an apposition after a name ("Ines Okafor, <i>a
    /// geologist</i>, …"). What a thing is called is not what an account says of it.
    /// </summary>
    public static bool[] Described(string text, IReadOnlyList<Token> tokens)
    {
        var described = new bool[tokens.Count];
        bool Capital(int i) => i > 0 && char.IsUpper(text[tokens[i].Start]);
        bool NameAt(int i) => i + 1 < tokens.Count && Capital(i) && Capital(i + 1) && tokens[i + 1].Clause == tokens[i].Clause;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Text is not ("the" or "a" or "an"))
            {
                continue;
            }

            // Before a name: "the <description> Name Name".
            // A preposition ends it: "a federal judge in New York" is a judge, not a description of New York.
            for (var k = i + 2; k <= i + 1 + DescriptionLength && k < tokens.Count && tokens[k].Clause == tokens[i].Clause && !Prepositions.Contains(tokens[k - 1].Text); k++)
            {
                if (NameAt(k) && !Capital(k - 1))
                {
                    for (var j = i + 1; j < k; j++)
                    {
                        described[j] = true;
                    }

                    break;
                }
            }

            // After a name: "Name, a <description>," (the whole clause, when short).
            if (i > 0 && tokens[i - 1].Clause < tokens[i].Clause && Capital(i - 1))
            {
                var end = i + 1;
                while (end < tokens.Count && tokens[end].Clause == tokens[i].Clause)
                {
                    end++;
                }

                if (end - i - 1 <= DescriptionLength)
                {
                    for (var j = i + 1; j < end; j++)
                    {
                        described[j] = true;
                    }
                }
            }
        }

        return described;
    }

    /// <summary>
    /// Whether a verb that addresses someone ("told two friends") is followed, within <see cref="SpeakerLength"/> words of
    /// its clause and before any "that" or quotation, by "and" or "but": then it reports nothing.
    /// </summary>
    private static bool AddressedOnly(string text, IReadOnlyList<Token> tokens, int next)
    {
        for (var i = next; i < tokens.Count && i < next + SpeakerLength && tokens[i].Clause == tokens[next].Clause; i++)
        {
            if (tokens[i].Text == "that" || (i > next && OpensQuote(text, tokens[i - 1].End, tokens[i].Start)))
            {
                return false;
            }

            if (i > next && tokens[i].Text is "and" or "but")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Personal pronouns that stand for a speaker named earlier.</summary>
    private static readonly HashSet<string> Pronouns = new(StringComparer.Ordinal) { "he", "she", "they" };

    /// <summary>What ends a clause, besides a full stop that ends no abbreviation.</summary>
    public static readonly System.Buffers.SearchValues<char> ClauseMarks = System.Buffers.SearchValues.Create(",;:()—–?!");

    /// <summary>Words before a noun: a reporting word after one is a noun or a modifier ("the alleged attack", "her allegations").</summary>
    public static readonly HashSet<string> Determiners = new(StringComparer.Ordinal) { "the", "a", "an", "his", "her", "their", "its" };

    /// <summary>Pronouns that can do what a verb says (whoever they stand for).</summary>
    public static readonly HashSet<string> SubjectPronouns = new(StringComparer.Ordinal) { "he", "she", "they", "who", "it", "we", "i" };

    /// <summary>Words between a doer and its verb that leave the doer the doer ("Okafor had then sued…").</summary>
    public static readonly HashSet<string> HelpingWords = new(StringComparer.Ordinal) { "has", "had", "have", "will", "would", "could", "did", "then", "also", "later", "once" };

    /// <summary>Words that make what follows passive ("was sued"): the name before them is not the doer.</summary>
    public static readonly HashSet<string> PassiveMarkers = new(StringComparer.Ordinal) { "was", "were", "is", "are", "be", "been", "being", "get", "got" };

    /// <summary>
    /// Whether the verb's speaker is a pronoun: one within <see cref="SpeakerLength"/> words either side in its clause
    /// ("he added", "…, she wrote"), or, for a participle with no speaker of its own ("…, adding that…"), the pronoun
    /// the sentence opens with.
    /// </summary>
    private static bool SpokenByPronoun(IReadOnlyList<Token> tokens, int verb, int next) =>
        SpeakerNear(tokens, verb, next, Pronouns)
        || (tokens[verb].Text.EndsWith("ing", StringComparison.Ordinal) && verb > 0
            && tokens[verb - 1].Clause < tokens[verb].Clause && Pronouns.Contains(tokens[0].Text));

    /// <summary>Whether a sentence's subject, within its first few words, names one who decides ("The regional arbitrator … ruled").</summary>
    private static bool OpensWithDecider(IReadOnlyList<Token> tokens, IReadOnlySet<string> deciders) =>
        tokens.Take(SpeakerLength + 2).Any(t => deciders.Contains(t.Text));

    /// <summary>Whether clause <paramref name="clause"/> begins right after a closing quotation mark ("…,” said…").</summary>
    private static bool AfterQuotation(string text, IReadOnlyList<Token> tokens, int clause)
    {
        var first = tokens.ToList().FindIndex(t => t.Clause == clause);
        if (first <= 0)
        {
            return false;
        }

        // A closing mark follows the previous word or its comma directly; an opening one follows a space.
        for (var i = tokens[first - 1].End; i < tokens[first].Start; i++)
        {
            if (text[i] is '”' or '"' && !char.IsWhiteSpace(text[i - 1]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the text speaks in its writer's own voice: "I", "me", "my" or "myself" outside a quotation ("As the
    /// mayor's spokesman, I can confirm…", "In my opinion…"). News reports speak of others, so an answer drawn from
    /// them never does, except in the words it quotes. "I" straight after a capitalised word is a numeral ("Brandt I",
    /// "World War I").
    /// </summary>
    public static bool SpeaksForItself(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = Tokens(text);
        for (var i = 0; i < tokens.Count; i++)
        {
            var numeral = tokens[i].Text == "i" && i > 0 && tokens[i - 1].Clause == tokens[i].Clause && char.IsUpper(text[tokens[i - 1].Start]);
            if (tokens[i].Text is "i" or "me" or "my" or "myself" && !numeral && !LeavesQuotationOpen(text[..tokens[i].Start]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a text opens a quotation it does not close (an odd number of straight quotes, or more “ than ”).</summary>
    public static bool LeavesQuotationOpen(string text) =>
        text.Count(c => c == '"') % 2 == 1 || text.Count(c => c == '“') > text.Count(c => c == '”');

    private static bool OpensQuote(string text, int from, int to) => text.AsSpan(from, to - from).IndexOfAny("“\"") >= 0;

    private static int ClosingQuote(string text, int from)
    {
        var close = text.IndexOfAny(['”', '"'], from);
        return close < 0 ? text.Length : close;
    }

    [GeneratedRegex(@"[\p{L}\d]+(?=n['’]t\b)|n['’]t\b|[\p{L}\d]+")]
    private static partial Regex Word();
}
