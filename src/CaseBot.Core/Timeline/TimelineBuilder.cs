using System.Text.RegularExpressions;
using CaseBot.Core.Answering;
using CaseBot.Core.Articles;
using CaseBot.Core.Retrieval;
using Microsoft.Extensions.Logging;

namespace CaseBot.Core.Timeline;

/// <summary>
/// The case as a timeline: every sentence of the articles' body text that states something happening at a date it
/// names (or that the article's own date resolves), one entry per event, in date order. Reports of the same event
/// (compatible dates and mostly the same content words) from several sentences or articles become one entry with
/// all their citations.
/// </summary>
public sealed partial class TimelineBuilder
{
    /// <summary>
    /// Two reports with compatible dates are of the same event when the content words they share carry at least this
    /// share of the weight (inverse sentence frequency) of the shorter one's content words.
    /// </summary>
    /// <remarks>
    /// Set by reading every pair of reports with compatible dates in the three corpora of the repository (the shipped
    /// one and the two invented cases under tests/): all pairs at 0.38 or more were the same event, and different events
    /// reached at most 0.29. Between about 0.2 and 0.3 the two kinds mix (the same event in quite different words), so
    /// such reports stay separate entries rather than risk merging two events.
    /// </remarks>
    public const double SameEventOverlap = 0.35;

    /// <summary>
    /// The lower overlap that suffices when both reports name the same day ("on Wednesday" in two reports dated the
    /// same day): different events on one day shared at most 0.05 of their words in the three corpora, the same event
    /// reworded 0.2 and more.
    /// </summary>
    public const double SameDayOverlap = 0.15;

    /// <summary>
    /// The overlap at which a report from an undated article, whose month name was read in the year the dated articles
    /// give (<see cref="EstimateYear"/>), is taken as one of their reports of that month: its month already matched,
    /// so the same-day bar applies. The same bar decides which reports agree on the year.
    /// </summary>
    public const double InferredYearOverlap = SameDayOverlap;

    /// <summary>
    /// The overlap at which a report dated only to the year and one dated inside that year ("2019" and "June 2019")
    /// are one event: the lower end of the band where the same event in other words and different events mix, since
    /// a year-only report is usually a summary of an event another sentence dates exactly.
    /// </summary>
    public const double NestedDateOverlap = 0.2;

    private readonly CaseAnalyzer _analyzer;
    private readonly ILogger<TimelineBuilder> _logger;

    internal TimelineBuilder(CaseAnalyzer analyzer, ILogger<TimelineBuilder> logger)
    {
        _analyzer = analyzer;
        _logger = logger;
    }

    /// <summary>
    /// The dated events of <paramref name="corpus"/>, ordered by the earliest day each can mean (so "2019" comes
    /// before "June 2019", which comes before "15 June 2019"), then by article and position.
    /// </summary>
    public IReadOnlyList<TimelineEntry> Build(Corpus corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        var articles = corpus.Articles
            .OrderBy(a => a.Date ?? DateOnly.MaxValue)
            .ThenBy(a => a.Source, StringComparer.Ordinal)
            .ToList();

        var sentences = new List<(int Article, TextSpan Span, string Text)>();
        for (var a = 0; a < articles.Count; a++)
        {
            foreach (var passage in articles[a].Passages.Where(p => p.IsCitable))
            {
                sentences.AddRange(passage.Sentences.Select(s => (a, s, passage.SentenceText(s))));
            }
        }

        // Each sentence is analysed once against its article's date: its dates, and its content words for the weights.
        var analysed = sentences.Select(s =>
        {
            var mentions = DateRecogniser.Find(s.Text, articles[s.Article].Date);
            return (Sentence: s, Mentions: mentions, Stems: ContentStems(s.Text, mentions));
        }).ToList();
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var stem in analysed.SelectMany(s => s.Stems))
        {
            documentFrequency[stem] = documentFrequency.GetValueOrDefault(stem) + 1;
        }

        var weight = documentFrequency.ToDictionary(
            p => p.Key, p => Math.Log(1 + (double)sentences.Count / p.Value), StringComparer.Ordinal);

        var candidates = analysed.SelectMany(s => Dated(s.Sentence.Article, s.Sentence.Span, s.Sentence.Text, s.Mentions, s.Stems)).ToList();
        for (var a = 0; a < articles.Count; a++)
        {
            if (articles[a].Date is null && EstimateYear(a, sentences, candidates, weight, articles) is { } estimate)
            {
                Log.YearEstimated(_logger, articles[a].Source, estimate.Year);
                candidates.RemoveAll(c => c.Article == a);
                candidates.AddRange(estimate.Candidates.Select(c => c with { YearInferred = !c.StatesYear }));
            }
        }

        var events = new List<List<Candidate>>();
        foreach (var candidate in candidates.OrderByDescending(c => c.Date.Precision).ThenBy(c => c.Article).ThenBy(c => c.Span.Start))
        {
            var (match, overlap) = events
                .Where(e => e[0].Date.IsCompatibleWith(candidate.Date))
                .Select(e => (Event: e, Overlap: e.Max(member => SameEvent(member, candidate, weight))))
                .Where(x => x.Overlap > 0)
                .OrderByDescending(x => x.Overlap)
                .FirstOrDefault();
            if (match is null)
            {
                events.Add([candidate]);
            }
            else
            {
                Log.SameEvent(_logger, articles[candidate.Article].Source, candidate.Span.Start, articles[match[0].Article].Source, match[0].Span.Start, overlap);
                match.Add(candidate);
            }
        }

        return events
            .Select(e => ToEntry(e, articles))
            .OrderBy(e => e.Entry.Date.Earliest)
            .ThenBy(e => e.Entry.Date.Precision)
            .ThenBy(e => e.First.Article)
            .ThenBy(e => e.First.Span.Start)
            .Select(e => e.Entry)
            .ToList();
    }

    /// <summary>The sentence as a timeline candidate when it dates its event.</summary>
    private IEnumerable<Candidate> Dated(int article, TextSpan span, string text, List<DateMention> mentions, HashSet<string>? stems = null)
    {
        if (DateRecogniser.EventDateOf(mentions.Where(m => !InSubordinateClause(text, m.Span))) is { } date)
        {
            yield return new Candidate(article, span, text, date.Date, stems ?? ContentStems(text, mentions), Amounts(text)) { StatesYear = date.Explicitness == DateRecogniser.StatesYear };
        }
    }

    /// <summary>
    /// The year of an undated article, when its month names without a year ("found liable in May") match events the
    /// dated articles report in that month of exactly one year (the same event, by <see cref="SameEvent"/>): the year
    /// under which most of them agree, if one does, with the article's dated sentences read in that year.
    /// </summary>
    private (int Year, List<Candidate> Candidates)? EstimateYear(int article, List<(int Article, TextSpan Span, string Text)> sentences, List<Candidate> candidates, Dictionary<string, double> weight, List<Article> articles)
    {
        var anchors = candidates.Where(c => articles[c.Article].Date is not null && c.Date.Precision >= DatePrecision.Month).ToList();
        var own = sentences.Where(s => s.Article == article).ToList();
        var readings = new List<(int Year, List<Candidate> Candidates, int Agreeing)>();
        foreach (var year in anchors.Select(c => c.Date.Earliest.Year).Distinct())
        {
            var read = own.SelectMany(s => Dated(article, s.Span, s.Text, DateRecogniser.FindInYear(s.Text, year))).ToList();
            var agreeing = read.Count(c => !c.StatesYear && anchors.Any(d => d.Date.IsCompatibleWith(c.Date) && Overlap(d.Stems, c.Stems, weight) >= InferredYearOverlap));
            if (agreeing > 0)
            {
                readings.Add((year, read, agreeing));
            }
        }

        readings.Sort((x, y) => y.Agreeing.CompareTo(x.Agreeing));
        return readings.Count > 0 && (readings.Count == 1 || readings[0].Agreeing > readings[1].Agreeing) ? (readings[0].Year, readings[0].Candidates) : null;
    }

    private static (TimelineEntry Entry, Candidate First) ToEntry(List<Candidate> members, List<Article> articles)
    {
        // Members arrive most exact date first: the first one dates and words the entry.
        var lead = members[0];
        var ordered = members.OrderBy(m => m.Article).ThenBy(m => m.Span.Start).ToList();
        var citations = ordered
            .Select(m => new TimelineCitation(articles[m.Article].Source, articles[m.Article].Title, articles[m.Article].Date, m.Text, m.Span.Start, m.Span.End))
            .ToList();
        return (new TimelineEntry(lead.Date, Whitespace().Replace(lead.Text, " ").Trim(), citations) { YearInferred = lead.YearInferred }, ordered[0]);
    }

    /// <summary>
    /// Whether a date stands in a clause that is not the sentence's own event: in a "that" clause (what someone ruled,
    /// said or alleged: "the judge issued a judgment that the mayor had made the statements in 2019" dates the
    /// statements, not the judgment), or in an opening subordinate clause ("After the lawsuit was filed in 2019, …").
    /// </summary>
    internal static bool InSubordinateClause(string sentence, TextSpan date)
    {
        // A "that" clause runs to the next comma ("the exchange that once advertised itself as …, filed … on Thursday").
        var before = sentence[..date.Start];
        var that = ThatClause().Matches(before).LastOrDefault();
        if (that is not null && before.IndexOf(',', that.Index) < 0
            && WordBefore().Match(before[..that.Index]) is { Success: true } head && ContentClauseHeads.Contains(head.Groups[1].Value))
        {
            return true;
        }

        var comma = sentence.IndexOf(',', StringComparison.Ordinal);
        return OpeningSubordinator().IsMatch(sentence) && comma > date.Start;
    }

    [GeneratedRegex(@"\bthat\b", RegexOptions.IgnoreCase)]
    private static partial Regex ThatClause();

    [GeneratedRegex(@"([\p{L}]+)\W*$")]
    private static partial Regex WordBefore();

    /// <summary>
    /// English words after which "that" opens what someone said, ruled or alleged (not a relative clause such as "an
    /// excerpt that ran in June", whose date is the event's own).
    /// </summary>
    private static readonly HashSet<string> ContentClauseHeads = new(StringComparer.OrdinalIgnoreCase)
    {
        "said", "says", "say", "ruled", "rules", "rule", "found", "finds", "find", "argued", "argues", "argue", "alleged",
        "alleges", "allege", "claimed", "claims", "claim", "wrote", "writes", "testified", "testifies", "concluded",
        "concludes", "contended", "contends", "stated", "states", "insisted", "insists", "denied", "denies", "ruling",
        "judgment", "decision", "finding", "allegation", "allegations", "argument", "statement", "verdict", "order",
        "opinion", "holding", "held", "determined", "declared", "decided", "believed", "believes", "noted", "notes",
    };

    [GeneratedRegex(@"^\W*(after|before|when|while|although|though|because|since|if|once|as)\b", RegexOptions.IgnoreCase)]
    private static partial Regex OpeningSubordinator();

    /// <summary>The stems of the sentence's words, its date expressions left out (the dates are compared as dates).</summary>
    private HashSet<string> ContentStems(string text, List<DateMention> mentions)
    {
        var chars = text.ToCharArray();
        foreach (var mention in mentions)
        {
            Array.Fill(chars, ' ', mention.Span.Start, mention.Span.Length);
        }

        return new HashSet<string>(_analyzer.Terms(new string(chars)), StringComparer.Ordinal);
    }

    /// <summary>
    /// How surely two reports with compatible dates tell of the same event (their word overlap), or 0 when they are
    /// taken as different: the same amount of money or large number (not a year) in both, with both dates at least
    /// to the month, makes it one event ("$5 million" in May and "May's five-million judgment"); two reports of the
    /// same day need <see cref="SameDayOverlap"/>; anything else <see cref="SameEventOverlap"/>.
    /// </summary>
    private static double SameEvent(Candidate a, Candidate b, Dictionary<string, double> weight)
    {
        var overlap = Overlap(a.Stems, b.Stems, weight);
        var precision = (DatePrecision)Math.Min((int)a.Date.Precision, (int)b.Date.Precision);
        if (precision >= DatePrecision.Month && a.Amounts.Overlaps(b.Amounts))
        {
            return Math.Max(overlap, SameEventOverlap);
        }

        var needed = precision == DatePrecision.Day && a.Date == b.Date ? SameDayOverlap
            : (a.YearInferred || b.YearInferred) && a.Date == b.Date ? InferredYearOverlap
            : a.Date.Precision != b.Date.Precision ? NestedDateOverlap
            : SameEventOverlap;
        return overlap >= needed ? overlap : 0;
    }

    /// <summary>The sums of money and large numbers (a thousand or more) the sentence states, dates left out.</summary>
    private static HashSet<decimal> Amounts(string text) =>
        Quantities.Find(text).Where(q => (q.Money || q.Value >= 1000) && !Quantities.IsDatePart(text, q)).Select(q => q.Value).ToHashSet();

    private static double Overlap(HashSet<string> a, HashSet<string> b, Dictionary<string, double> weight)
    {
        var shared = a.Where(b.Contains).Sum(s => weight[s]);
        var smaller = Math.Min(a.Sum(s => weight[s]), b.Sum(s => weight[s]));
        return smaller > 0 ? shared / smaller : 0;
    }

    private sealed record Candidate(int Article, TextSpan Span, string Text, EventDate Date, HashSet<string> Stems, HashSet<decimal> Amounts)
    {
        /// <summary>The sentence states the year of its date.</summary>
        public bool StatesYear { get; init; }

        /// <summary>The year is the article's estimated year (<see cref="EstimateYear"/>), not stated.</summary>
        public bool YearInferred { get; init; }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Debug, Message = "Timeline: {Source}@{Start} reports the same event as {OtherSource}@{OtherStart} (overlap {Overlap:0.00})")]
        public static partial void SameEvent(ILogger logger, string source, int start, string otherSource, int otherStart, double overlap);

        [LoggerMessage(Level = LogLevel.Debug, Message = "Timeline: the undated {Source} is read in {Year}: its month names match events the dated articles report that year")]
        public static partial void YearEstimated(ILogger logger, string source, int year);
    }
}
