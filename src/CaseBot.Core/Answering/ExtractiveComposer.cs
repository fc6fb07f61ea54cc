using System.Globalization;
using System.Text;
using CaseBot.Core.Answering.Ranking;
using CaseBot.Core.Retrieval;
using CaseBot.Core.Timeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseBot.Core.Answering;

/// <summary>
/// The offline answer strategy. Candidate sentences (BM25 passages and the sentences closest in meaning) are described
/// by general features and ranked by a fitted logistic regression (<see cref="RankerModel"/>); the best is quoted
/// verbatim with its marker, and a second when it is nearly as likely. When even the best is less likely than the
/// threshold chosen on held-out questions, it says it found no sentence that clearly answers and shows the closest one.
/// </summary>
internal sealed partial class ExtractiveComposer
{
    public const string NotInArticles = "The articles don't say.";

    /// <summary>
    /// The lead when the gate declines but a closest passage is shown. The gate is a probability, not a proof: of the
    /// fresh answerable questions it declined, the passage it showed held the answer for about half, so the reply says
    /// what CaseBot did (found no sentence it trusts to answer) rather than what the articles do not hold, and the
    /// reader judges the passage that follows.
    /// </summary>
    public const string NoSureAnswer = "I couldn't find a sentence in the articles that clearly answers this.";
    public const string InstructionReply = "I answer only from the articles and don't follow instructions given in a question.";


    private readonly CandidateFinder _finder;
    private readonly Lazy<RankerModel> _model;
    private readonly AnsweringOptions _options;
    private readonly CaseProfile _case;
    private readonly ILogger<ExtractiveComposer> _logger;

    public ExtractiveComposer(IPassageRetriever retriever, IOptions<AnsweringOptions> options, IOptions<CaseProfile> caseProfile, ILogger<ExtractiveComposer> logger)
    {
        _finder = new CandidateFinder(retriever);
        _options = options.Value;
        // Loaded on first use, so `tune` can refit weights that no longer match the features.
        _model = new Lazy<RankerModel>(() => RankerModel.Load(_options.RankerPath));
        _case = caseProfile.Value;
        _logger = logger;
    }

    public string OffTopicReply => $"I can only answer questions about {_case.Name}, from the news articles I have.";

    /// <summary>The configured ranker weights, or null when they were fitted for other features (before `tune` refits them).</summary>
    internal RankerModel? CurrentModelOrNull()
    {
        try
        {
            return _model.Value;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The candidate sentences for a question with their features, unranked (what <c>tune</c> learns from).</summary>
    internal List<Candidate> Candidates(string question, QuestionProfile profile, RetrievalResult retrieval) => _finder.Find(question, profile, retrieval);

    public Answer Compose(string question, QuestionProfile profile, RetrievalResult retrieval, bool declineAsInstruction) =>
        Compose(question, profile, retrieval, declineAsInstruction, _model.Value);

    internal Answer Compose(string question, QuestionProfile profile, RetrievalResult retrieval, bool declineAsInstruction, RankerModel model)
    {
        var candidates = Rank(question, profile, retrieval, model);
        var best = candidates.Count > 0 ? candidates[0] : null;
        var questionForm = model.QuestionForm?.LogOdds(retrieval.Semantic) ?? double.NaN;
        var confidence = model.Gate.Probability(GateFeatures(candidates, retrieval, questionForm));
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            Log.Question(_logger, profile.Type, profile.CategoryNoun, string.Join(", ", retrieval.Terms.Select(t => $"{t.Stem}:{t.Weight:0.00}")));
            foreach (var c in candidates.Take(5))
            {
                Log.Candidate(_logger, c.Score, c.Coverage, string.Join("|", c.Values), c.Text);
            }

            Log.Confidence(_logger, confidence, model.Threshold, KnownShare(retrieval), retrieval.Semantic?.Best ?? 0, retrieval.Semantic?.Mean ?? 0, retrieval.Topicality, questionForm);
        }

        if (declineAsInstruction)
        {
            return Unanswered(AnswerStatus.DeclinedInstruction, InstructionReply, best is { Coverage: >= 0.3 } ? best : null, profile);
        }

        if (!RelatesToCorpus(retrieval, profile, model))
        {
            return Unanswered(AnswerStatus.OffTopic, OffTopicReply, null, profile);
        }

        if (best is null || confidence < model.Threshold)
        {
            return Unanswered(AnswerStatus.NotInArticles, best is null ? NotInArticles : NoSureAnswer, best, profile);
        }

        var chosen = new List<Candidate> { best };
        var conflict = FindConflict(best, candidates, profile);
        if (conflict is not null)
        {
            chosen.Add(conflict);
        }
        else if (Second(candidates, profile.Type, model.SecondMargin) is { } second)
        {
            chosen.Add(second);
        }

        chosen = chosen.Take(_options.MaxSentences).OrderBy(c => c.Passage.Source == best.Passage.Source ? 0 : 1).ThenBy(c => c.Sentence.Start).ToList();
        var citations = new List<Citation>();
        var text = new StringBuilder();
        foreach (var candidate in chosen)
        {
            var citation = Cite(candidate, citations.Count + 1);
            citations.Add(citation);
            text.Append(text.Length == 0 ? string.Empty : " ").Append(citation.Quote).Append(" [").Append(citation.Marker).Append(']');
        }

        if (conflict is not null)
        {
            text.Append("\n\nThe articles differ here: ")
                .Append(string.Join(" and ", citations.Select(c => $"[{c.Marker}] is from {DateLabel(c.Date)}")))
                .Append('.');
        }
        else if (profile.TimeSensitive || chosen.Any(c => TimeSensitiveSentence(c.Text)))
        {
            text.Append("\n\n").Append(TimingNote(citations));
        }
        else if (profile.Type == AnswerType.Date && chosen.FirstOrDefault(c => c.Values.Count > 0) is { Passage.Date: { } reported } dated
            && !DateRecogniser.Find(dated.Text, reported).Any(m => m.Explicitness == DateRecogniser.StatesYear))
        {
            // "On Thursday", "in May": which Thursday, which May, only the report's date tells.
            text.Append("\n\n[").Append(citations[chosen.IndexOf(dated)].Marker).Append("] is from a report dated ")
                .Append(reported.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture)).Append('.');
        }

        return new Answer(text.ToString(), AnswerStatus.Answered, citations)
        {
            AnswerType = profile.Type,
            AnswerSpan = SpanOf(best, citations[chosen.IndexOf(best)], profile, question),
        };
    }

    /// <summary>The candidates scored by the ranker, best first.</summary>
    internal List<Candidate> Rank(string question, QuestionProfile profile, RetrievalResult retrieval, RankerModel model)
    {
        var candidates = _finder.Find(question, profile, retrieval);
        foreach (var candidate in candidates)
        {
            candidate.Score = model.Score(candidate.Features);
        }

        candidates.Sort((a, b) => b.Score.CompareTo(a.Score));
        return candidates;
    }

    /// <summary>
    /// The sentence that joins the best one, if any, from those ranked within <paramref name="margin"/> of it: the first
    /// that holds the kind of value asked for when the best holds none (it adds what was asked), else the runner-up.
    /// </summary>
    internal static Candidate? Second(IReadOnlyList<Candidate> ranked, AnswerType type, double margin)
    {
        var within = ranked.Skip(1).TakeWhile(c => c.Score >= ranked[0].Score - margin).ToList();
        if (within.Count == 0)
        {
            return null;
        }

        var typed = type is not (AnswerType.General or AnswerType.YesNo);
        return typed && ranked[0].Values.Count == 0 && within.Find(c => c.Values.Count > 0) is { } valued ? valued : within[0];
    }

    /// <summary>What the gate sees of a ranked question; <paramref name="questionForm"/> is what <see cref="QuestionForm"/> makes of it (NaN when unknown).</summary>
    internal static double[] GateFeatures(IReadOnlyList<Candidate> ranked, RetrievalResult retrieval, double questionForm) =>
        AnswerGate.Describe(ranked, KnownShare(retrieval), retrieval.Semantic, questionForm);

    /// <summary>Idf-weighted share of the question's words that occur in the articles, misspellings corrected and glossary forms counted ("sue" for "sued").</summary>
    private static double KnownShare(RetrievalResult retrieval)
    {
        var total = retrieval.Terms.Sum(t => t.Weight);
        var known = retrieval.Terms.Where(t => t.DocumentFrequency > 0 || t.Alternatives.Count > 0).Sum(t => t.Weight);
        return total > 0 ? known / total : 0;
    }

    /// <summary>
    /// Whether the question is about the corpus at all, from retrieval evidence alone: a follow-up in a conversation, or
    /// a question with a word the articles use far more than everyday English does (<see cref="RetrievalResult.Topicality"/>,
    /// misspellings corrected first). "Who won the Super Bowl?" has only everyday words the articles happen to share and
    /// is declined rather than answered "the articles don't say"; "whos carrols laywer" names a party and is not. Nor is
    /// a question that presumes whom it is about ("why didn't she go to the police?", <see cref="QuestionProfile.PresumesSubject"/>).
    /// </summary>
    internal static bool RelatesToCorpus(RetrievalResult retrieval, QuestionProfile profile, RankerModel model) =>
        RelatesToCorpus(retrieval, profile, model.OffTopicTopicality);

    internal static bool RelatesToCorpus(RetrievalResult retrieval, QuestionProfile profile, double minTopicality) =>
        retrieval.ContextTerms.Count > 0 || profile.PresumesSubject || retrieval.Topicality >= minTopicality;

    /// <summary>The value of the asked-for kind in the chosen quote (the first, when there are several).</summary>
    private static AnswerSpan? SpanOf(Candidate best, Citation citation, QuestionProfile profile, string question)
    {
        if (profile.Type is AnswerType.General or AnswerType.YesNo or AnswerType.Reason or AnswerType.Quote)
        {
            return null;
        }

        var spans = AnswerFeatures.FindSpans(profile.Type, best.Text, question);
        if (spans.Count == 0)
        {
            return null;
        }

        // Adjacent values are one answer ("Lewis" "Kaplan" is the name "Lewis Kaplan").
        var (start, length) = spans[0];
        foreach (var (next, nextLength) in spans.Skip(1))
        {
            if (next < start + length || best.Text.AsSpan(start + length, next - start - length).IsWhiteSpace())
            {
                length = Math.Max(length, next + nextLength - start);
            }
            else
            {
                break;
            }
        }

        var value = best.Text.Substring(start, length).Trim();
        start += best.Text.Substring(start, length).IndexOf(value, StringComparison.Ordinal);
        return new AnswerSpan(citation.Marker, value, best.Sentence.Start + start, best.Sentence.Start + start + value.Length);
    }

    /// <summary>Another article that gives a different value for the same question, about as likely.</summary>
    private static Candidate? FindConflict(Candidate best, List<Candidate> candidates, QuestionProfile profile)
    {
        if (profile.Type is not (AnswerType.Amount or AnswerType.Count or AnswerType.Date or AnswerType.Age) || best.Values.Count == 0)
        {
            return null;
        }

        return candidates.FirstOrDefault(c =>
            c.Passage.Source != best.Passage.Source
            && c.Values.Count > 0
            && c.Coverage >= best.Coverage
            && c.Score >= best.Score - 0.1
            && !c.Values.Intersect(best.Values).Any()
            && c.Passage.Date != best.Passage.Date);
    }

    /// <summary>A declined answer that says plainly the articles don't say, for when more than the ranker found no answer.</summary>
    internal static Answer StatingNotInArticles(Answer declined) =>
        declined is { Status: AnswerStatus.NotInArticles } && declined.Text.StartsWith(NoSureAnswer, StringComparison.Ordinal)
            ? declined with { Text = NotInArticles + declined.Text[NoSureAnswer.Length..] }
            : declined;

    private static Answer Unanswered(AnswerStatus status, string lead, Candidate? closest, QuestionProfile profile)
    {
        if (closest is null)
        {
            return new Answer(lead, status, []) { AnswerType = profile.Type };
        }

        var citation = Cite(closest, 1);
        var text = $"{lead} The closest related passage I found: {citation.Quote} [1]";
        return new Answer(text, status, [citation]) { AnswerType = profile.Type };
    }

    private static Citation Cite(Candidate candidate, int marker) =>
        new(marker, candidate.Passage.Source, candidate.Passage.Title, candidate.Passage.Date, candidate.Text, candidate.Sentence.Start, candidate.Sentence.End, candidate.Passage.Id)
        {
            Outlet = candidate.Passage.Outlet,
        };

    private static string TimingNote(IReadOnlyList<Citation> citations)
    {
        var latest = citations.Where(c => c.Date is not null).Select(c => c.Date!.Value).DefaultIfEmpty().Max();
        return latest == default
            ? "This depends on timing and the cited report is undated; later developments are not in the articles."
            : $"This depends on timing: as of {DateLabel(latest)}, the date of the cited report; later developments are not in the articles.";
    }

    private static string DateLabel(DateOnly? date) =>
        date is { } d ? d.ToString("d MMMM yyyy", CultureInfo.InvariantCulture) : "an undated report";

    /// <summary>A sentence about what is yet to happen (future tense, schedules), whose truth depends on the report's date.</summary>
    private static bool TimeSensitiveSentence(string text) => FutureTense().IsMatch(text);

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(will|upcoming|scheduled|next|expected to|set to|plans? to|pending)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex FutureTense();

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Debug, Message = "Question type {Type} (category {Category}); weights {Weights}")]
        public static partial void Question(ILogger logger, AnswerType type, string? category, string weights);

        [LoggerMessage(Level = LogLevel.Debug, Message = "  score {Score:0.00} cov {Coverage:0.00} values [{Values}] {Text}")]
        public static partial void Candidate(ILogger logger, double score, double coverage, string values, string text);

        [LoggerMessage(Level = LogLevel.Debug, Message = "Answer confidence {Confidence:0.00} (threshold {Threshold:0.00}); known share {KnownShare:0.00}, best cosine {BestCosine:0.000}, mean cosine {MeanCosine:0.000}, topicality {Topicality:0.00}, question form {QuestionForm:0.00}")]
        public static partial void Confidence(ILogger logger, double confidence, double threshold, double knownShare, double bestCosine, double meanCosine, double topicality, double questionForm);
    }
}
