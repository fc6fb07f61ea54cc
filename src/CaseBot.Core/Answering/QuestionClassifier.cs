using System.Text.RegularExpressions;

namespace CaseBot.Core.Answering;

/// <summary>Works out what kind of answer a question asks for, from its wording alone.</summary>
internal static partial class QuestionClassifier
{
    public static QuestionProfile Classify(string question)
    {
        var q = Spaces().Replace(question.Trim().ToLowerInvariant(), " ");
        q = Contraction().Replace(q, m => m.Groups[1].Value + " is");
        var category = Category().Match(q) is { Success: true } m ? m.Groups["noun"].Value : null;
        return new QuestionProfile(TypeOf(q, category), category, TimeSensitive().IsMatch(q), PresumesSubject(question));
    }

    /// <summary>
    /// Whether the question speaks of a person by a pronoun ("she", "they", "his") before naming anyone: asked of a bot
    /// about one case, it presumes the case's people ("how did they meet?"), where "Did Okafor say he would stay?"
    /// names whom it means. A capitalised word after the first counts as a name.
    /// </summary>
    private static bool PresumesSubject(string question)
    {
        var first = true;
        foreach (Match word in Word().Matches(question))
        {
            if (PersonalPronouns.Contains(word.Value))
            {
                return true;
            }

            if (!first && char.IsUpper(word.Value[0]) && word.Value != "I")
            {
                return false;
            }

            first = false;
        }

        return false;
    }

    private static readonly HashSet<string> PersonalPronouns = new(StringComparer.OrdinalIgnoreCase) { "he", "she", "they", "him", "her", "them", "his", "hers", "their", "theirs" };

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Word();

    private static AnswerType TypeOf(string q, string? category)
    {
        if (HowOld().IsMatch(q))
        {
            return AnswerType.Age;
        }

        if (HowMuch().IsMatch(q))
        {
            return AnswerType.Amount;
        }

        if (HowMany().IsMatch(q))
        {
            return AnswerType.Count;
        }

        if (When().IsMatch(q) || category is "month" or "year" or "date" or "day" or "time" or "week")
        {
            return AnswerType.Date;
        }

        if (WhoIs().IsMatch(q))
        {
            return AnswerType.Identity;
        }

        if (Who().IsMatch(q) || category is "judge" or "lawyer" or "attorney" or "person" or "man" or "woman" or "jury" or "official" or "journalist" or "columnist")
        {
            return AnswerType.Person;
        }

        if (Named().IsMatch(q))
        {
            return AnswerType.Name;
        }

        if (Where().IsMatch(q) || category is "store" or "city" or "place" or "court" or "state" or "country" or "room" or "location" or "magazine" or "outlet" or "network" or "building" or "shop")
        {
            return AnswerType.Place;
        }

        if (Why().IsMatch(q))
        {
            return AnswerType.Reason;
        }

        if (Said().IsMatch(q))
        {
            return AnswerType.Quote;
        }

        return YesNo().IsMatch(q) ? AnswerType.YesNo : AnswerType.General;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    /// <summary>"what's", "whats", "who's", "when's", "where's" read as "what is"…</summary>
    [GeneratedRegex(@"\b(what|who|when|where|how)(?:'s|’s|s)\b")]
    private static partial Regex Contraction();

    /// <summary>
    /// The noun a question asks about: "which &lt;noun&gt;", "the name of the &lt;noun&gt;", "who is X's &lt;noun&gt;".
    /// </summary>
    [GeneratedRegex(@"\bnames? of (?:the |a |an |his |her |their |its |this |that )?(?<noun>[a-z]+)(?: of| for| in| who| that| at|\?|$)|^who (?:is|was|are|were) (?:the )?[a-z]+(?:'s|’s|s') (?<noun>[a-z]+)|\b(what|which)\s+(?<noun>(?!is\b|was\b|are\b|were\b|did\b|does\b|do\b|has\b|have\b|had\b|will\b|would\b|can\b|could\b|the\b|a\b|an\b|kind\b|type\b|sort\b)[a-z]+)")]
    private static partial Regex Category();

    /// <summary>The question asks for something by its name: "what is the name of…", "what are their names", "name the…".</summary>
    [GeneratedRegex(@"\b(what|which) (is|are|was|were) (the |their |his |her |its |[a-z]+'s |[a-z]+’s )?(first |last |full )?names?\b|\bnames? of\b|^(please )?name (the|a|an)\b|\b(first|last|full) name\b")]
    private static partial Regex Named();

    [GeneratedRegex(@"\bhow old\b|\bwhat age\b|\bage of\b|\bhow young\b")]
    private static partial Regex HowOld();

    [GeneratedRegex(@"\bhow much\b(?! (time|longer)\b)|\b(what|which) (is |was |were )?(the )?(amount|sum|figure|total|price|cost|value)\b|\bhow many dollars\b|\bhow large\b|\bhow big\b.*\b(award|verdict|damages)\b")]
    private static partial Regex HowMuch();

    [GeneratedRegex(@"\bhow many\b|\bnumber of\b|\bhow often\b|\bhow long\b|\bhow far\b|\bhow much (time|longer)\b")]
    private static partial Regex HowMany();

    [GeneratedRegex(@"^(when|since when)\b|\bwhen (did|was|were|is|will|does|do|has|had)\b|\bwhat (year|month|day|date|time)\b|\bhow long ago\b|\bin which (year|month)\b|\b(what|which) (is |was )?(the )?(exact |precise |actual )?(date|day|year|month)\b|\bon what (day|date)\b")]
    private static partial Regex When();

    [GeneratedRegex(@"^who (is|was|are|were) (?!the\b|a\b|an\b)[a-z]+( [a-z]+)?\??$")]
    private static partial Regex WhoIs();

    [GeneratedRegex(@"^(and |so |but )?(who|whom|whose)\b|\bwho (did|was|is|were|sued|presided|represented)\b|\bby whom\b")]
    private static partial Regex Who();

    [GeneratedRegex(@"^(and |so |but )?where\b|\bwhere (did|was|is|were|does)\b|\bin what (store|city|place)\b")]
    private static partial Regex Where();

    [GeneratedRegex(@"^(and |so |but )?why\b|\bwhy (did|was|is|were|does|do|has|had)\b|\bwhat (was|is) the reason\b|\bfor what reason\b")]
    private static partial Regex Why();

    [GeneratedRegex(@"\bwhat did .{1,60}\b(say|tell|write|call|claim|argue|testify|contend|rule|conclude|state)\b|\bwhat (was|were) .{1,40}\b(words|statement|remarks)\b")]
    private static partial Regex Said();

    [GeneratedRegex(@"^(and |so |but )?(did|does|do|is|was|were|has|have|had|can|could|will|would|are|should)\b")]
    private static partial Regex YesNo();

    [GeneratedRegex(@"\b(next|upcoming|scheduled|will|going to|current|currently|now|latest|still|pending|yet|so far|at the moment|today|status)\b")]
    private static partial Regex TimeSensitive();
}
