using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using CaseBot.Core.Articles;
using CaseBot.Core.Retrieval;

namespace CaseBot.Core.Answering.Ranking;

/// <summary>
/// The sentences that might answer a question, described by <see cref="SentenceFeatures"/>: every sentence of the
/// passages BM25 found, together with the sentences closest to the question in meaning wherever they are.
/// </summary>
internal sealed partial class CandidateFinder(IPassageRetriever retriever)
{
    /// <summary>Stems of single words and of sentences, memoised: features analyse the same text many times.</summary>
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _wordStems = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _sentenceStems = new(StringComparer.Ordinal);

    private const int FocusWindowWords = 8;

    /// <summary>
    /// A feature that cannot be measured (the closeness-in-meaning features when semantic retrieval is off): the fitted
    /// models count it as its mean, so the rest of the evidence decides as it would among questions like this one.
    /// </summary>
    private const double Unknown = double.NaN;

    /// <summary>How many sentences of the BM25 passages, by question coverage, are candidates.</summary>
    private const int LexicalTopK = 8;

    public List<Candidate> Find(string question, QuestionProfile profile, RetrievalResult retrieval)
    {
        ArgumentNullException.ThrowIfNull(retrieval);
        var candidates = new List<Candidate>();
        var semantic = retrieval.Semantic;
        if (retrieval.Passages.Count == 0 && (semantic is null || semantic.Top.Count == 0))
        {
            return candidates;
        }

        var terms = retrieval.Terms;
        var total = terms.Sum(t => t.Weight);
        var rarest = terms.Count > 0 ? terms.Max(t => t.Weight) : 1;
        var questionStems = retriever.Terms(question);
        var topScore = retrieval.Passages.Count > 0 ? retrieval.Passages[0].Score : 1;
        var typed = profile.Type is not AnswerType.General and not AnswerType.YesNo;
        var seen = new HashSet<(string, int)>();
        var pending = new List<(Passage Passage, int Rank, double Score, int Index, bool SemanticTop)>();
        for (var rank = 0; rank < retrieval.Passages.Count; rank++)
        {
            var (passage, score) = retrieval.Passages[rank];
            for (var s = 0; s < passage.Sentences.Count; s++)
            {
                if (seen.Add((passage.Id, passage.Sentences[s].Start)))
                {
                    pending.Add((passage, rank + 1, score, s, false));
                }
            }
        }

        var semanticTop = new HashSet<(string, int)>();
        foreach (var hit in semantic?.Top ?? [])
        {
            semanticTop.Add((hit.Passage.Id, hit.Sentence.Start));
            if (seen.Add((hit.Passage.Id, hit.Sentence.Start)))
            {
                var rank = retrieval.Passages.Select((p, i) => (p, i)).FirstOrDefault(x => x.p.Passage.Id == hit.Passage.Id);
                var index = IndexOf(hit.Passage, hit.Sentence);
                if (index >= 0)
                {
                    pending.Add((hit.Passage, rank.p is null ? 0 : rank.i + 1, rank.p?.Score ?? 0, index, true));
                }
            }
        }

        var stemCache = new Dictionary<Passage, (List<HashSet<string>> Sentences, HashSet<string> Passage)>();
        foreach (var (passage, passageRank, passageScore, index, _) in pending)
        {
            if (!stemCache.TryGetValue(passage, out var cached))
            {
                var perSentence = passage.Sentences.Select(s => new HashSet<string>(Memoised(_sentenceStems, passage.SentenceText(s), 200_000), StringComparer.Ordinal)).ToList();
                cached = (perSentence, new HashSet<string>(perSentence.SelectMany(x => x), StringComparer.Ordinal));
                stemCache[passage] = cached;
            }

            var (sentenceStems, passageStems) = cached;
            var sentence = passage.Sentences[index];
            var text = passage.SentenceText(sentence);
            if (InstructionDetector.IsInstruction(text))
            {
                continue;
            }

            var stems = sentenceStems[index];
            var neighbours = new HashSet<string>(StringComparer.Ordinal);
            if (index > 0)
            {
                neighbours.UnionWith(sentenceStems[index - 1]);
            }

            if (index + 1 < sentenceStems.Count)
            {
                neighbours.UnionWith(sentenceStems[index + 1]);
            }

            double covered = 0, coveredPassage = 0, coveredNeighbours = 0, missingRarest = 0;
            var coveredCount = 0;
            foreach (var term in terms)
            {
                var match = Match(stems, term);
                covered += term.Weight * match;
                coveredCount += match > 0 ? 1 : 0;
                coveredPassage += term.Weight * Match(passageStems, term);
                coveredNeighbours += term.Weight * Match(neighbours, term);
                if (match == 0)
                {
                    missingRarest = Math.Max(missingRarest, term.Weight);
                }
            }

            var valueSpans = AnswerFeatures.FindSpans(profile.Type, text, question);
            var values = AnswerFeatures.ValuesAt(profile.Type, text, valueSpans);
            var cosine = semantic?.Similarity(passage.Id, sentence.Start) ?? 0f;
            var features = new double[SentenceFeatures.Count];
            var f = 0;
            features[f++] = semantic is null ? Unknown : cosine;
            features[f++] = semantic is null ? Unknown : cosine - semantic.Best;
            features[f++] = semantic is null ? Unknown : (cosine - semantic.Mean) / Math.Max(1e-3, semantic.Best - semantic.Mean);
            features[f++] = semantic is null ? Unknown : 1.0 / semantic.Rank(cosine);
            features[f++] = total > 0 ? covered / total : 0;
            features[f++] = terms.Count > 0 ? (double)coveredCount / terms.Count : 0;
            features[f++] = total > 0 ? coveredPassage / total : 0;
            features[f++] = total > 0 ? coveredNeighbours / total : 0;
            features[f++] = rarest > 0 ? missingRarest / rarest : 0;
            features[f++] = 0; // coverage rank, filled in below
            features[f++] = passageRank > 0 && topScore > 0 ? passageScore / topScore : 0;
            features[f++] = passageRank > 0 ? 1.0 / passageRank : 0;
            features[f++] = Math.Min(2, SharedPairs(questionStems, Memoised(_sentenceStems, text, 200_000))) / 2.0;
            features[f++] = values.Count > 0 ? 1 : 0;
            features[f++] = typed && values.Count == 0 ? 1 : 0;
            features[f++] = Math.Min(3, values.Count) / 3.0;
            features[f++] = ValueNearFocus(text, valueSpans, questionStems) ? 1 : 0;
            features[f++] = typed ? 1 : 0;
            features[f++] = profile.Type == AnswerType.YesNo ? 1 : 0;
            features[f++] = profile.CategoryNoun is { } noun && NamesOne(text, noun, question) ? 1 : 0;
            features[f++] = Math.Log(Math.Max(10, text.Length)) / Math.Log(200);
            features[f++] = text.Length < 40 ? 1 : 0;
            features[f++] = text.Length > 0 && "“\"‘'".Contains(text[0], StringComparison.Ordinal) ? 1 : 0;
            features[f++] = text.TrimEnd().EndsWith('?') ? 1 : 0;
            features[f++] = Math.Log(1 + sentence.Start) / Math.Log(5000);
            features[f++] = semantic is null ? Unknown : semanticTop.Contains((passage.Id, sentence.Start)) ? 1 : 0;
            features[f++] = semantic is null ? Unknown : Math.Max(index > 0 ? Cosine(semantic, passage, index - 1) : 0, index + 1 < passage.Sentences.Count ? Cosine(semantic, passage, index + 1) : 0);
            features[f++] = semantic is null ? Unknown : Enumerable.Range(0, passage.Sentences.Count).Max(i => Cosine(semantic, passage, i));
            features[f++] = total > 0 ? (coveredPassage - covered) / total : 0;
            features[f++] = ContextCoverage(retrieval.ContextTerms, stems);
            features[f++] = ContextCoverage(retrieval.ContextTerms, passageStems);
            candidates.Add(new Candidate(passage, sentence, text, total > 0 ? covered / total : 0, values, features));
        }

        // The lexical candidates are the sentences that cover most of the question; with the semantic ones, that is all.
        var coverageIndex = Array.IndexOf(SentenceFeatures.Names, "coverageRankInverse");
        var semanticIndex = Array.IndexOf(SentenceFeatures.Names, "semanticTop");
        foreach (var candidate in candidates)
        {
            candidate.Features[coverageIndex] = 1.0 / (1 + candidates.Count(c => c.Coverage > candidate.Coverage));
        }

        return candidates.Where(c => c.Features[coverageIndex] >= 1.0 / LexicalTopK || c.Features[semanticIndex] > 0).ToList();
    }

    /// <summary>For a follow-up, the share of the words carried over from earlier turns that <paramref name="stems"/> hold (0 otherwise).</summary>
    private static double ContextCoverage(IReadOnlyList<string> context, HashSet<string> stems) =>
        context.Count == 0 ? 0 : (double)context.Count(stems.Contains) / context.Count;

    private static double Cosine(Retrieval.Semantic.SemanticResult semantic, Passage passage, int index) =>
        semantic.Similarity(passage.Id, passage.Sentences[index].Start) ?? 0;

    /// <summary>The stems of a text, in order, memoised (sentences and words recur across questions), at most <paramref name="limit"/> kept.</summary>
    private IReadOnlyList<string> Memoised(ConcurrentDictionary<string, IReadOnlyList<string>> cache, string text, int limit) =>
        cache.GetOrAddBounded(text, retriever.Terms, limit);

    private IReadOnlyList<string> WordStems(string word) => Memoised(_wordStems, word, 100_000);

    private static int IndexOf(Passage passage, TextSpan sentence)
    {
        for (var i = 0; i < passage.Sentences.Count; i++)
        {
            if (passage.Sentences[i].Start == sentence.Start)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>1 when the word itself is there, a little less for a glossary alias of it, else 0.</summary>
    private static double Match(HashSet<string> terms, QueryTerm term) =>
        terms.Contains(term.Stem) ? 1
        : term.Alternatives.Any(a => a.All(terms.Contains)) ? 0.85
        : 0;

    /// <summary>Whether a value of the kind asked for stands within a few words of a question word in the sentence.</summary>
    private bool ValueNearFocus(string text, List<(int Start, int Length)> valueSpans, IReadOnlyList<string> questionStems)
    {
        if (valueSpans.Count == 0 || questionStems.Count == 0)
        {
            return false;
        }

        var asked = new HashSet<string>(questionStems, StringComparer.Ordinal);
        var words = WordPattern().Matches(text);
        var focus = new List<int>();
        for (var i = 0; i < words.Count; i++)
        {
            if (WordStems(words[i].Value) is [var stem] && asked.Contains(stem))
            {
                focus.Add(i);
            }
        }

        foreach (var (start, length) in valueSpans)
        {
            var first = WordIndexAt(words, start);
            var last = WordIndexAt(words, start + Math.Max(0, length - 1));
            if (focus.Any(i => (i < first || i > last) && Math.Min(Math.Abs(i - first), Math.Abs(i - last)) <= FocusWindowWords))
            {
                return true;
            }
        }

        return false;
    }

    private static int WordIndexAt(MatchCollection words, int offset)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i].Index + words[i].Length > offset)
            {
                return i;
            }
        }

        return words.Count;
    }

    /// <summary>
    /// Whether the sentence names a particular one of what a "what/which &lt;noun&gt;" question asks for: a rare
    /// capitalised word within three words of the noun, not one the question already has.
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

                var stems = WordStems(word);
                if (stems.Count == 1 && retriever.DocumentFrequency(stems[0]) is var (passages, total) && passages > 0 && passages <= Math.Max(3, total / 20))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>How many adjacent pairs of question words appear adjacent in the sentence too.</summary>
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

    [GeneratedRegex(@"\p{L}[\p{L}'’-]*|\d[\d,.]*")]
    private static partial Regex WordPattern();
}
