using System.Text.RegularExpressions;
using Lucene.Net.Index;
using Lucene.Net.Search;
using CaseBot.Core.Retrieval.Semantic;
using Microsoft.Extensions.Options;

namespace CaseBot.Core.Retrieval;

/// <summary>
/// BM25 search over the passage index. A question becomes a disjunction of its stems (misspellings corrected against
/// the index vocabulary), glossary aliases at a lower weight, proximity boosts for adjacent question words, and, for a
/// follow-up, the words of earlier turns at a lower weight still.
/// </summary>
internal sealed partial class LucenePassageRetriever(
    PassageIndex index,
    CaseAnalyzer analyzer,
    Glossary glossary,
    IOptions<RetrievalOptions> options,
    SentenceEmbedder? embedder) : IPassageRetriever
{
    private static readonly string[] QuestionWords = ["what", "when", "where", "which", "who", "whom", "whose", "why", "how"];

    private readonly RetrievalOptions _options = options.Value;

    public IReadOnlyList<string> Terms(string text) => analyzer.Terms(text);

    public (int Passages, int Total) DocumentFrequency(string stem)
    {
        using var lease = index.Acquire();
        var snapshot = lease.Snapshot;
        return (snapshot.DocumentFrequency(stem), snapshot.DocumentCount);
    }

    public IReadOnlyList<Articles.Passage> ArticlePassages(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var lease = index.Acquire();
        return lease.Snapshot.ArticlePassages(source);
    }

    public float[]? SentenceVector(string passageId, int start)
    {
        ArgumentNullException.ThrowIfNull(passageId);
        using var lease = index.Acquire();
        return lease.Snapshot.Vectors is { } vectors && vectors.Row(passageId, start) is { } row ? vectors.Vector(row).ToArray() : null;
    }

    public RetrievalResult Retrieve(RetrievalRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = index.Acquire();
        var snapshot = lease.Snapshot;
        var corrections = new List<string>();
        var question = CorrectQuestionWord(request.Question, snapshot, corrections);

        var analyzed = analyzer.TermsWithWords(question);
        var stems = analyzed.ConvertAll(t => t.Stem);
        var terms = new List<QueryTerm>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var matches = glossary.Match(stems);
        var nameParts = NameParts(stems, matches);
        for (var i = 0; i < stems.Count; i++)
        {
            if (nameParts.Contains(i))
            {
                continue;
            }

            var stem = stems[i];
            string? correctedFrom = null;
            if (snapshot.DocumentFrequency(stem) == 0 && !matches.Any(m => i >= m.Start && i < m.Start + m.Length))
            {
                var correction = Correct(stem, analyzed[i].Word, snapshot);
                if (correction is not null)
                {
                    corrections.Add($"{stem}→{correction}");
                    correctedFrom = stem;
                    stem = correction;
                    stems[i] = correction;
                }
            }

            if (!seen.Add(stem))
            {
                continue;
            }

            var alternatives = matches
                .Where(m => i >= m.Start && i < m.Start + m.Length)
                .SelectMany(m => m.Alternatives)
                .Select(a => (IReadOnlyList<string>)a)
                .ToList();
            var df = snapshot.DocumentFrequency(stem);
            terms.Add(new QueryTerm(stem, Weight(snapshot, stem, df), df, alternatives, correctedFrom)
            {
                IsName = i > 0 && analyzed[i].Word.Length > 1 && char.IsUpper(analyzed[i].Word[0]),
                CorrectedFromEverydayWord = correctedFrom is not null && EverydayEnglish.IsWord(analyzed[i].Word),
            });
        }

        var contextTerms = (request.Context ?? [])
            .SelectMany(analyzer.Terms)
            .Where(t => !seen.Contains(t) && snapshot.DocumentFrequency(t) > 0)
            .Distinct(StringComparer.Ordinal)
            .Take(24)
            .ToList();

        var (query, words) = BuildQuery(snapshot, stems, terms, contextTerms);
        var passages = new List<ScoredPassage>();
        if (query.Clauses.Count > 0)
        {
            foreach (var hit in Search(snapshot, query, words, request.TopK ?? _options.TopK).ScoreDocs)
            {
                passages.Add(new ScoredPassage(snapshot.Passage(hit.Doc), hit.Score));
            }
        }

        var formQuestion = CaseWordsMasked(snapshot, question, analyzed, stems);
        return new RetrievalResult(question, terms, contextTerms, passages, corrections)
        {
            Topicality = Topicality(snapshot, terms),
            FormQuestion = formQuestion,
            Semantic = snapshot.Vectors is { } vectors && embedder is not null ? SearchSentences(snapshot, vectors, question, request, embedder, formQuestion) : null,
            Asides = request.Asides > 0 ? SearchAsides(snapshot, terms, request.Asides) : [],
        };
    }

    /// <summary>
    /// The asides that best match the question's words, names aside: a name (capitalised, or one the glossary knows)
    /// matches captions and posts about the case's people whatever was asked.
    /// </summary>
    private static List<ScoredPassage> SearchAsides(IndexSnapshot snapshot, List<QueryTerm> terms, int count)
    {
        var query = new BooleanQuery(disableCoord: true);
        foreach (var term in terms.Where(t => !t.IsName && t.Alternatives.Count == 0))
        {
            query.Add(snapshot.TermQuery(PassageFields.Aside, term.Stem, 1f), Occur.SHOULD);
        }

        return query.Clauses.Count == 0 ? []
            : snapshot.Searcher.Search(query, count).ScoreDocs.Select(hit => new ScoredPassage(snapshot.Passage(hit.Doc), hit.Score)).ToList();
    }

    /// <summary>
    /// The question with the case's own words (those the articles use over e^<see cref="CaseWordLogRatio"/> times as
    /// often as everyday English: names, mostly, misspelt ones corrected first) replaced by "X", so what remains is how
    /// it asks: "How much did X award X?" (<see cref="RetrievalResult.FormQuestion"/>). 7 was chosen by measurement:
    /// masking at 3 or 5 took the case's legal words too and the question-form model's held-out AUC fell; without
    /// masking, the form model learnt this case's names and declined answerable questions about another case (7 of 56
    /// there at the tuning threshold; masked, 1).
    /// </summary>
    private static string CaseWordsMasked(IndexSnapshot snapshot, string question, List<(string Stem, string Word)> analyzed, List<string> stems)
    {
        var own = Enumerable.Range(0, analyzed.Count)
            .Where(i => OwnWordRatio(snapshot, stems[i]) > CaseWordLogRatio)
            .Select(i => Regex.Escape(analyzed[i].Word))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        return own.Count == 0 ? question
            : Regex.Replace(question, $@"\b(?:{string.Join('|', own)})\b", "X", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    private const double CaseWordLogRatio = 7;

    /// <summary>
    /// A question word's weight: its idf in the articles; for a word they lack, the idf it would have if they used it as
    /// often as everyday English does. "get" missing from a small corpus is chance and weighs little; "foreperson"
    /// missing means the articles don't cover what is asked, and weighs as much as the rarest word they have.
    /// </summary>
    private static double Weight(IndexSnapshot snapshot, string stem, int df)
    {
        if (df > 0 || IsNumber(stem))
        {
            return snapshot.Idf(df);
        }

        var expected = Math.Exp(EverydayEnglish.LogFrequency(stem)) * snapshot.WordCount;
        return snapshot.Idf((int)Math.Min(snapshot.DocumentCount, Math.Round(expected)));
    }

    /// <summary>
    /// The largest log ratio of a question word's frequency in the articles to its frequency in everyday English, over
    /// the words (and glossary aliases of one word) the articles have; see <see cref="RetrievalResult.Topicality"/>.
    /// Numbers are left out: everyday English has no count for "2022", and any corpus has years. So is a correction of a
    /// word everyday English has: "hiking trail" is not about a trial, though a misspelt "new trail" may be.
    /// </summary>
    private static double Topicality(IndexSnapshot snapshot, List<QueryTerm> terms)
    {
        var best = RetrievalResult.NoTopicality;
        var counted = terms.Where(t => !t.CorrectedFromEverydayWord).ToList();
        foreach (var stem in counted.Select(t => t.Stem).Concat(counted.SelectMany(t => t.Alternatives).Where(a => a.Count == 1).Select(a => a[0])))
        {
            if (OwnWordRatio(snapshot, stem) is { } ratio)
            {
                best = Math.Max(best, ratio);
            }
        }

        return best;
    }

    /// <summary>
    /// The natural-log ratio of a word's frequency in the articles to its frequency in everyday English; null for a
    /// word the articles lack and for a number (everyday English has no count for "2022", and any corpus has years).
    /// </summary>
    private static double? OwnWordRatio(IndexSnapshot snapshot, string stem)
    {
        var inArticles = IsNumber(stem) ? double.NegativeInfinity : snapshot.LogFrequency(stem);
        return double.IsNegativeInfinity(inArticles) ? null : inArticles - EverydayEnglish.LogFrequency(stem);
    }

    /// <summary>A number ("2022", "5m"): everyday English has no frequency for it.</summary>
    private static bool IsNumber(string stem) => stem.Any(char.IsDigit);

    /// <summary>The cosine of the question (with a follow-up's context) with every sentence, and the closest ones.</summary>
    private SemanticResult SearchSentences(IndexSnapshot snapshot, SentenceVectors vectors, string question, RetrievalRequest request, SentenceEmbedder embedder, string formQuestion)
    {
        var text = request.Context is { Count: > 0 } context ? $"{question} ({context[0]})" : question;
        var (query, form) = embedder.EmbedQueries(text, formQuestion);
        var scores = vectors.Similarities(query);
        var k = Math.Min(request.SemanticTopK ?? _options.SemanticTopK, scores.Length);
        var order = TopIndexes(scores, k);
        var top = new List<SemanticHit>(k);
        foreach (var row in order)
        {
            var key = vectors.Keys[row];
            if (snapshot.PassageById(key.PassageId) is { } passage)
            {
                top.Add(new SemanticHit(passage, new Articles.TextSpan(key.Start, key.End), scores[row]));
            }
        }

        return new SemanticResult(vectors, scores, top, form);
    }

    /// <summary>
    /// Positions of the leading words of a full name the glossary knows by its last word ("E. Jean Carroll" is
    /// Carroll, "Donald J. Trump" is Trump): the name counts as one word, so its parts don't outweigh the question.
    /// </summary>
    private static HashSet<int> NameParts(List<string> stems, List<GlossaryMatch> matches)
    {
        var parts = new HashSet<int>();
        foreach (var match in matches)
        {
            var last = stems[match.Start + match.Length - 1];
            if (match.Length > 1 && match.Alternatives.Any(a => a.Length == 1 && a[0] == last))
            {
                for (var i = match.Start; i < match.Start + match.Length - 1; i++)
                {
                    parts.Add(i);
                }
            }
        }

        return parts;
    }

    /// <summary>
    /// The best passages for the query. Collected in document order: Lucene then scores with BooleanScorer2 instead
    /// of the out-of-order BooleanScorer, whose 2,048-bucket table is allocated afresh for every query (same hits, same
    /// scores). On a corpus of more than <see cref="RetrievalOptions.RescoreDepth"/> passages, the dear clauses (every
    /// alias of every word, the sloppy proximity phrases) are not run over every passage: the question's own words find
    /// the best RescoreDepth passages, and the whole query scores just those. A smaller corpus gets the whole query.
    /// </summary>
    private TopDocs Search(IndexSnapshot snapshot, BooleanQuery query, BooleanQuery words, int topK)
    {
        var rescore = snapshot.DocumentCount > _options.RescoreDepth && words.Clauses.Count > 0 && words.Clauses.Count < query.Clauses.Count;
        var collector = TopScoreDocCollector.Create(rescore ? Math.Max(topK, _options.RescoreDepth) : topK, docsScoredInOrder: true);
        snapshot.Searcher.Search(rescore ? words : query, collector);
        var top = collector.GetTopDocs();
        return rescore ? new WholeQueryRescorer(query).Rescore(snapshot.Searcher, top, topK) : top;
    }

    /// <summary>Replaces a first-pass score by the whole query's (which every first-pass hit matches).</summary>
    private sealed class WholeQueryRescorer(Query query) : QueryRescorer(query)
    {
        protected override float Combine(float firstPassScore, bool secondPassMatches, float secondPassScore) =>
            secondPassMatches ? secondPassScore : firstPassScore;
    }

    /// <summary>
    /// The passage query. Clauses for words no passage has are left out: they could match nothing (coordination is
    /// off, so they do not change any score either), and each would still cost a look-up in the term dictionary.
    /// </summary>
    /// <returns>The whole query, and the part of it that is the question's own words, its article-lead and context terms.</returns>
    private (BooleanQuery Query, BooleanQuery Words) BuildQuery(IndexSnapshot snapshot, List<string> stems, List<QueryTerm> terms, List<string> contextTerms)
    {
        bool Indexed(string stem) => snapshot.DocumentFrequency(stem) > 0;
        var query = new BooleanQuery(disableCoord: true);
        var words = new BooleanQuery(disableCoord: true);
        foreach (var term in terms)
        {
            // A word and its glossary aliases count once (the best of them), so a name with many aliases does not swamp the rest.
            var word = new DisjunctionMaxQuery(0f);
            if (term.DocumentFrequency > 0)
            {
                var own = snapshot.TermQuery(PassageFields.Text, term.Stem, term.CorrectedFrom is null ? 1f : 0.8f);
                word.Add(own);
                words.Add(own, Occur.SHOULD);
            }

            foreach (var alternative in term.Alternatives.Where(a => a.All(Indexed)))
            {
                word.Add(Phrase(snapshot, alternative, 1, _options.GlossaryBoost));
            }

            if (word.Disjuncts.Count > 0)
            {
                query.Add(word, Occur.SHOULD);
            }
        }

        for (var i = 0; i + 1 < stems.Count; i++)
        {
            if (!string.Equals(stems[i], stems[i + 1], StringComparison.Ordinal) && Indexed(stems[i]) && Indexed(stems[i + 1]))
            {
                query.Add(Phrase(snapshot, [stems[i], stems[i + 1]], _options.ProximitySlop, _options.ProximityBoost), Occur.SHOULD);
            }
        }

        // A name in the question that the passage's article is about (in its lead) marks the right article among look-alikes.
        foreach (var term in terms.Where(t => t.IsName && t.DocumentFrequency > 0))
        {
            var lead = snapshot.TermQuery(PassageFields.ArticleLead, term.Stem, _options.ArticleLeadBoost);
            query.Add(lead, Occur.SHOULD);
            words.Add(lead, Occur.SHOULD);
        }

        foreach (var term in contextTerms)
        {
            var context = snapshot.TermQuery(PassageFields.Text, term, _options.ContextBoost);
            query.Add(context, Occur.SHOULD);
            words.Add(context, Occur.SHOULD);
        }

        return (query, words);
    }

    /// <summary>The indexes of the k highest scores, highest first (a bounded heap, not a sort of every sentence).</summary>
    private static List<int> TopIndexes(float[] scores, int k)
    {
        var heap = new PriorityQueue<int, float>(k + 1);
        for (var i = 0; i < scores.Length; i++)
        {
            heap.Enqueue(i, scores[i]);
            if (heap.Count > k)
            {
                heap.Dequeue();
            }
        }

        var top = new List<int>(heap.Count);
        while (heap.Count > 0)
        {
            top.Add(heap.Dequeue());
        }

        top.Reverse();
        return top;
    }

    private static Query Phrase(IndexSnapshot snapshot, IReadOnlyList<string> words, int slop, float boost)
    {
        if (words.Count == 1)
        {
            return snapshot.TermQuery(PassageFields.Text, words[0], boost);
        }

        var phrase = new PhraseQuery { Slop = slop, Boost = boost };
        foreach (var word in words)
        {
            phrase.Add(new Term(PassageFields.Text, word));
        }

        return phrase;
    }

    /// <summary>The most frequent indexed stem within a small edit distance of an unknown one, if any.</summary>
    private static string? Correct(string stem, string word, IndexSnapshot snapshot)
    {
        if (stem.Any(char.IsDigit))
        {
            return null;
        }

        if (word.Length < 5)
        {
            // Short words are too often real words the articles just don't use ("stay" is not a misspelt "say"); a
            // four-letter word everyday English does not have ("dres", "jdge") is a misspelling all the same, looked up
            // as written (its stem can be cut short: "dres" → "dre").
            return word.Length == 4 && EverydayEnglish.StemCount(stem) == 0 ? Nearest(word.ToLowerInvariant(), snapshot) : null;
        }

        // A misspelling can stem oddly ("punative" → "pun"): compare the word's beginning with the stems instead.
        return stem.Length < 4 ? CorrectByPrefix(word.ToLowerInvariant(), snapshot) : Nearest(stem, snapshot);
    }

    /// <summary>The most frequent indexed stem within one edit of <paramref name="key"/> (two from eight letters on).</summary>
    private static string? Nearest(string key, IndexSnapshot snapshot)
    {
        var limit = key.Length >= 8 ? 2 : 1;
        string? best = null;
        var bestDistance = int.MaxValue;
        var bestFrequency = 0;
        foreach (var (candidate, frequency) in snapshot.SimilarStems(key, limit))
        {
            if (candidate[0] != key[0] && candidate.Length < 5)
            {
                continue;
            }

            var distance = EditDistance.Compute(key, candidate, limit);
            if (distance <= limit && (distance < bestDistance || distance == bestDistance && frequency > bestFrequency))
            {
                (best, bestDistance, bestFrequency) = (candidate, distance, frequency);
            }
        }

        return best;
    }

    /// <summary>The most frequent stem (of 4 letters or more) within one edit of the word's beginning of the same length, the longest such beginning first.</summary>
    private static string? CorrectByPrefix(string word, IndexSnapshot snapshot)
    {
        for (var length = word.Length; length >= 4; length--)
        {
            var prefix = word[..length];
            var best = snapshot.SimilarStems(prefix, 1)
                .Where(c => c.Stem.Length == length && c.Stem[0] == word[0] && !c.Stem.Any(char.IsDigit))
                .OrderByDescending(c => c.DocumentFrequency)
                .ThenBy(c => c.Stem, StringComparer.Ordinal)
                .Select(c => c.Stem)
                .FirstOrDefault();
            if (best is not null)
            {
                return best;
            }
        }

        return null;
    }

    /// <summary>Fixes a misspelt leading question word ("wat store…") so the kind of answer asked for is still seen.</summary>
    private string CorrectQuestionWord(string question, IndexSnapshot snapshot, List<string> corrections)
    {
        var first = FirstWord().Match(question);
        if (!first.Success)
        {
            return question;
        }

        var word = first.Value.ToLowerInvariant();
        if (QuestionWords.Contains(word) || CaseAnalyzer.StopWords.Contains(word) || snapshot.DocumentFrequency(analyzer.Stem(word) ?? word) > 0)
        {
            return question;
        }

        var fix = QuestionWords.FirstOrDefault(q => EditDistance.Compute(word, q, 1) <= 1);
        if (fix is null)
        {
            return question;
        }

        corrections.Add($"{word}→{fix}");
        return string.Concat(question.AsSpan(0, first.Index), fix, question.AsSpan(first.Index + first.Length));
    }

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex FirstWord();
}
