using System.Globalization;
using System.Text;
using CaseBot.Core.Articles;
using CaseBot.Core.Retrieval;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseBot.Core.Answering;

/// <summary>
/// The offline answer strategy. It scores every sentence of the retrieved passages by how much of the question it
/// covers (weighted by how rare each word is, glossary aliases allowed) and whether it holds the kind of value asked
/// for, then answers with the best sentence(s) quoted verbatim, each with its marker. When no sentence covers enough
/// of the question it says the articles don't say, and shows the closest fact it found.
/// </summary>
internal sealed partial class ExtractiveComposer(IPassageRetriever retriever, IOptions<AnsweringOptions> options, ILogger<ExtractiveComposer> logger)
{
    public const string NotInArticles = "The articles don't say.";
    public const string OffTopicReply = "I can only answer questions about E. Jean Carroll v. Donald J. Trump, from the news articles I have.";
    public const string InstructionReply = "I answer only from the articles and don't follow instructions given in a question.";

    /// <summary>Words that say little about which sentence answers ("say", "happen", "thing").</summary>
    private static readonly HashSet<string> LightStems = new(StringComparer.Ordinal)
    {
        "sai", "said", "tell", "told", "happen", "thing", "name", "kind", "type", "exactli", "actual", "realli", "get", "got",
        "know", "think", "mean", "describ", "explain", "detail", "inform", "articl", "report", "took", "take", "taken", "place",
        "occur",
    };

    private readonly AnsweringOptions _options = options.Value;

    public Answer Compose(string question, QuestionProfile profile, RetrievalResult retrieval, bool declineAsInstruction)
    {
        var weights = FocusWeights(retrieval.Terms, profile);
        var candidates = Score(question, profile, retrieval, weights);
        var best = candidates.Count > 0 ? candidates[0] : null;
        if (logger.IsEnabled(LogLevel.Debug))
        {
            Log.Question(logger, profile.Type, profile.CategoryNoun, string.Join(", ", weights.Select(w => $"{w.Key}:{w.Value.Weight:0.00}")));
            foreach (var c in candidates.Take(5))
            {
                Log.Candidate(logger, c.Score, c.Coverage, string.Join("|", c.Values), c.Text);
            }
        }

        if (declineAsInstruction)
        {
            return Unanswered(AnswerStatus.DeclinedInstruction, InstructionReply, best is { Coverage: >= 0.3 } ? best : null, profile);
        }

        if (best is null || !IsAnswer(best, profile))
        {
            var related = retrieval.Terms.Any(t => t.DocumentFrequency >= 2 && t.CorrectedFrom is null);
            if (!related || best is null || best.Coverage < 0.15)
            {
                return Unanswered(AnswerStatus.OffTopic, related ? NotInArticles : OffTopicReply, related ? best : null, profile);
            }

            return Unanswered(AnswerStatus.NotInArticles, NotInArticles, best, profile);
        }

        var chosen = new List<Candidate> { best };
        var conflict = FindConflict(best, candidates, profile);
        if (conflict is not null)
        {
            chosen.Add(conflict);
        }
        else if (profile.Type is not AnswerType.General and not AnswerType.YesNo && best.Values.Count == 0)
        {
            // The best match names the subject but not the value: add the sentence beside it that holds the value,
            // or else the best sentence elsewhere that holds one and still covers the question well enough.
            var neighbour = candidates.FirstOrDefault(c => c.Values.Count > 0 && c.Passage.Id == best.Passage.Id)
                ?? candidates.FirstOrDefault(c => c.Values.Count > 0 && c.Coverage >= _options.MinTypedCoverage && c.Score >= 0.6 * best.Score);
            if (neighbour is not null)
            {
                chosen.Add(neighbour);
            }
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

        return new Answer(text.ToString(), AnswerStatus.Answered, citations) { AnswerType = profile.Type };
    }

    private bool IsAnswer(Candidate best, QuestionProfile profile)
    {
        if (profile.Type == AnswerType.YesNo)
        {
            return best.Coverage >= _options.MinYesNoCoverage;
        }

        return best.Coverage >= _options.MinCoverage || (best.Values.Count > 0 && best.Coverage >= _options.MinTypedCoverage);
    }

    private Dictionary<string, (double Weight, QueryTerm Term)> FocusWeights(IReadOnlyList<QueryTerm> terms, QuestionProfile profile)
    {
        var categoryTerms = profile.CategoryNoun is null ? [] : retriever.Terms(profile.CategoryNoun);
        var category = categoryTerms.Count > 0 ? categoryTerms[0] : null;
        var weights = new Dictionary<string, (double, QueryTerm)>(StringComparer.Ordinal);
        foreach (var term in terms)
        {
            var weight = term.Weight;
            if (LightStems.Contains(term.Stem))
            {
                weight *= 0.1;
            }
            else if (string.Equals(term.Stem, category, StringComparison.Ordinal))
            {
                weight *= 0.3;
            }
            else if (term.Stem.Any(char.IsDigit) && term.DocumentFrequency == 0)
            {
                // A number the articles never print (a year the reports only imply) says little against a sentence.
                weight *= 0.4;
            }

            if (term.CorrectedFrom is not null)
            {
                weight *= 0.8;
            }

            weights[term.Stem] = (weight, term);
        }

        return weights;
    }

    private List<Candidate> Score(string question, QuestionProfile profile, RetrievalResult retrieval, Dictionary<string, (double Weight, QueryTerm Term)> weights)
    {
        var candidates = new List<Candidate>();
        if (retrieval.Passages.Count == 0)
        {
            return candidates;
        }

        var total = weights.Values.Sum(w => w.Weight);
        var questionStems = retriever.Terms(question);
        var topScore = retrieval.Passages[0].Score;
        foreach (var (passage, score) in retrieval.Passages)
        {
            var passageTerms = new HashSet<string>(retriever.Terms(passage.Text), StringComparer.Ordinal);
            foreach (var sentence in passage.Sentences)
            {
                var text = passage.SentenceText(sentence);
                if (InstructionDetector.IsInstruction(text))
                {
                    continue;
                }

                var sentenceTerms = new HashSet<string>(retriever.Terms(text), StringComparer.Ordinal);
                var covered = 0.0;
                foreach (var (weight, term) in weights.Values)
                {
                    covered += weight * Math.Max(Match(sentenceTerms, term), 0.5 * Match(passageTerms, term));
                }

                var coverage = total > 0 ? covered / total : 0.5;
                var values = AnswerFeatures.Find(profile.Type, text, question);
                var value = coverage
                    + (values.Count > 0 ? 0.25 + (0.05 * Math.Min(2, values.Count)) : 0)
                    + (0.15 * score / topScore)
                    + (0.15 * Math.Min(2, SharedPairs(questionStems, retriever.Terms(text))))
                    - (text.Length < 30 ? 0.1 : 0)
                    - (0.0006 * Math.Max(0, text.Length - 160))
                    - (profile.Type != AnswerType.Quote && text.Length > 0 && "“\"".Contains(text[0], StringComparison.Ordinal) ? 0.05 : 0)
                    - (RhetoricalQuestion(text) ? 0.2 : 0)
                    + (profile.CategoryNoun is { } noun && NamesOne(text, noun, question) ? 0.15 : 0);
                candidates.Add(new Candidate(passage, sentence, text, coverage, values, value));
            }
        }

        candidates.Sort((a, b) => b.Score.CompareTo(a.Score));
        return candidates;
    }

    /// <summary>
    /// Whether the sentence names a particular one of what a "what/which &lt;noun&gt;" question asks for: a rare
    /// capitalised word within three words of the noun ("Bergdorf Goodman's store", "Elle magazine"), not a common
    /// one ("a New York department store") and not one the question already has.
    /// </summary>
    private bool NamesOne(string sentence, string noun, string question)
    {
        var words = WordPattern().Matches(sentence);
        for (var i = 0; i < words.Count; i++)
        {
            if (!words[i].Value.StartsWith(noun, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            for (var j = Math.Max(1, i - 3); j <= Math.Min(words.Count - 1, i + 3); j++)
            {
                var word = words[j].Value;
                if (j == i || !char.IsUpper(word[0]) || question.Contains(word, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var stems = retriever.Terms(word);
                if (stems.Count == 1 && retriever.DocumentFrequency(stems[0]) is var (passages, total) && passages > 0 && passages <= Math.Max(3, total / 20))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>How many adjacent pairs of question words appear adjacent in the sentence too ("sexual assault damages").</summary>
    private static int SharedPairs(IReadOnlyList<string> question, IReadOnlyList<string> sentence)
    {
        var pairs = new HashSet<(string, string)>();
        for (var i = 0; i + 1 < sentence.Count; i++)
        {
            pairs.Add((sentence[i], sentence[i + 1]));
        }

        var shared = 0;
        for (var i = 0; i + 1 < question.Count; i++)
        {
            shared += pairs.Contains((question[i], question[i + 1])) ? 1 : 0;
        }

        return shared;
    }

    /// <summary>1 when the word itself is there, a little less for a glossary alias of it (unless the articles never use the word), else 0.</summary>
    private static double Match(HashSet<string> terms, QueryTerm term) =>
        terms.Contains(term.Stem) ? 1
        : term.Alternatives.Any(a => a.All(terms.Contains)) ? (term.DocumentFrequency == 0 ? 1 : 0.85)
        : 0;

    /// <summary>Another article that gives a different value for the same question, about as well.</summary>
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
            && c.Score >= best.Score * 0.95
            && !c.Values.Intersect(best.Values).Any()
            && c.Passage.Date != best.Passage.Date);
    }

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
        new(marker, candidate.Passage.Source, candidate.Passage.Title, candidate.Passage.Date, candidate.Text, candidate.Sentence.Start, candidate.Sentence.End, candidate.Passage.Id);

    private static string TimingNote(IReadOnlyList<Citation> citations)
    {
        var latest = citations.Where(c => c.Date is not null).Select(c => c.Date!.Value).DefaultIfEmpty().Max();
        return latest == default
            ? "This depends on timing and the cited report is undated; later developments are not in the articles."
            : $"This depends on timing: as of {DateLabel(latest)}, the date of the cited report; later developments are not in the articles.";
    }

    private static string DateLabel(DateOnly? date) =>
        date is { } d ? d.ToString("d MMMM yyyy", CultureInfo.InvariantCulture) : "an undated report";

    private static bool RhetoricalQuestion(string text) =>
        text.EndsWith('?') && text.Split(' ', 2)[0] is "What" or "Why" or "How" or "Who" or "When" or "Where" or "Is" or "Are" or "Do" or "Does" or "Did" or "Can" or "Could" or "Should" or "Would" or "Will";

    private static bool TimeSensitiveSentence(string text) =>
        text.Contains("upcoming", StringComparison.OrdinalIgnoreCase)
        || text.Contains("scheduled", StringComparison.OrdinalIgnoreCase)
        || text.Contains(" next ", StringComparison.OrdinalIgnoreCase)
        || text.Contains(" will ", StringComparison.OrdinalIgnoreCase)
        || text.Contains("is seeking", StringComparison.OrdinalIgnoreCase)
        || text.Contains("due to start", StringComparison.OrdinalIgnoreCase);

    [System.Text.RegularExpressions.GeneratedRegex(@"\p{L}[\p{L}'’-]*")]
    private static partial System.Text.RegularExpressions.Regex WordPattern();

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Debug, Message = "Question type {Type} (category {Category}); weights {Weights}")]
        public static partial void Question(ILogger logger, AnswerType type, string? category, string weights);

        [LoggerMessage(Level = LogLevel.Debug, Message = "  {Score:0.00} cov {Coverage:0.00} values [{Values}] {Text}")]
        public static partial void Candidate(ILogger logger, double score, double coverage, string values, string text);
    }

    private sealed record Candidate(Passage Passage, TextSpan Sentence, string Text, double Coverage, List<string> Values, double Score);
}
