using System.Globalization;
using System.Text;
using CaseBot.Core.Articles;
using CaseBot.Core.Retrieval;
using Microsoft.Extensions.Options;

namespace CaseBot.Core.Answering;

/// <summary>
/// The offline answer strategy. It scores every sentence of the retrieved passages by how much of the question it
/// covers (weighted by how rare each word is, glossary aliases allowed) and whether it holds the kind of value asked
/// for, then answers with the best sentence(s) quoted verbatim, each with its marker. When no sentence covers enough
/// of the question it says the articles don't say, and shows the closest fact it found.
/// </summary>
internal sealed class ExtractiveComposer(IPassageRetriever retriever, IOptions<AnsweringOptions> options)
{
    public const string NotInArticles = "The articles don't say.";
    public const string OffTopicReply = "I can only answer questions about E. Jean Carroll v. Donald J. Trump, from the news articles I have.";
    public const string InstructionReply = "I answer only from the articles and don't follow instructions given in a question.";

    /// <summary>Words that say little about which sentence answers ("say", "happen", "thing").</summary>
    private static readonly HashSet<string> LightStems = new(StringComparer.Ordinal)
    {
        "sai", "said", "tell", "told", "happen", "thing", "name", "kind", "type", "exactli", "actual", "realli", "get", "got",
        "know", "think", "mean", "describ", "explain", "detail", "inform", "articl", "report",
    };

    private readonly AnsweringOptions _options = options.Value;

    public Answer Compose(string question, QuestionProfile profile, RetrievalResult retrieval, bool declineAsInstruction)
    {
        var weights = FocusWeights(retrieval.Terms, profile);
        var candidates = Score(question, profile, retrieval, weights);
        var best = candidates.Count > 0 ? candidates[0] : null;

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
            // The best match names the subject but not the value: add the sentence beside it that holds the value.
            var neighbour = candidates.FirstOrDefault(c => c.Values.Count > 0 && c.Passage.Id == best.Passage.Id);
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
            text.Append("\n\nAs of ").Append(DateLabel(citations[0].Date)).Append(", the date of that report; later developments are not in the articles.");
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
            if (LightStems.Contains(term.Stem) || string.Equals(term.Stem, category, StringComparison.Ordinal))
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
                    if (Contains(sentenceTerms, term))
                    {
                        covered += weight;
                    }
                    else if (Contains(passageTerms, term))
                    {
                        covered += 0.5 * weight;
                    }
                }

                var coverage = total > 0 ? covered / total : 0.5;
                var values = AnswerFeatures.Find(profile.Type, text, question);
                var value = coverage
                    + (values.Count > 0 ? 0.3 : 0)
                    + (0.15 * score / topScore)
                    - (text.Length < 30 ? 0.1 : 0)
                    - (text.Length > 450 ? 0.1 : 0)
                    - (text.EndsWith('?') ? 0.2 : 0);
                candidates.Add(new Candidate(passage, sentence, text, coverage, values, value));
            }
        }

        candidates.Sort((a, b) => b.Score.CompareTo(a.Score));
        return candidates;
    }

    private static bool Contains(HashSet<string> terms, QueryTerm term) =>
        terms.Contains(term.Stem) || term.Alternatives.Any(a => a.All(terms.Contains));

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

    private static string DateLabel(DateOnly? date) =>
        date is { } d ? d.ToString("d MMMM yyyy", CultureInfo.InvariantCulture) : "an undated report";

    private static bool TimeSensitiveSentence(string text) =>
        text.Contains("upcoming", StringComparison.OrdinalIgnoreCase)
        || text.Contains("scheduled", StringComparison.OrdinalIgnoreCase)
        || text.Contains(" next ", StringComparison.OrdinalIgnoreCase)
        || text.Contains(" will ", StringComparison.OrdinalIgnoreCase)
        || text.Contains("is seeking", StringComparison.OrdinalIgnoreCase)
        || text.Contains("due to start", StringComparison.OrdinalIgnoreCase);

    private sealed record Candidate(Passage Passage, TextSpan Sentence, string Text, double Coverage, List<string> Values, double Score);
}
