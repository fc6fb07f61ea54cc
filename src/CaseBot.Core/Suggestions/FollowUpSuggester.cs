using System.Collections.Concurrent;
using System.Numerics.Tensors;
using System.Text.RegularExpressions;
using CaseBot.Core.Answering;
using CaseBot.Core.Conversations;
using CaseBot.Core.Retrieval;
using CaseBot.Core.Retrieval.Semantic;
using Microsoft.Extensions.Options;

namespace CaseBot.Core.Suggestions;

/// <summary>
/// Picks the questions to suggest after an answer: from the case profile's <see cref="CaseProfile.SuggestedQuestions"/>,
/// those closest in meaning to the question and answer just given, not asked yet in the conversation, each checked
/// through the answering pipeline first and offered only when the articles answer it, with an answer other than the one
/// just given. A case without suggested questions gets none.
/// </summary>
public sealed partial class FollowUpSuggester
{
    /// <summary>How many suggestions follow an answer by default.</summary>
    public const int DefaultCount = 3;

    private readonly AnswerPlugin _answers;
    private readonly IPassageRetriever _retriever;
    private readonly SentenceEmbedder? _embedder;
    private readonly List<string> _candidates;
    private readonly Dictionary<string, string> _normalised;
    private readonly Lazy<HashSet<string>> _leaning;
    private readonly ConcurrentDictionary<string, Task<Answer>> _checked = new(StringComparer.Ordinal);
    private volatile Dictionary<string, (float[] Vector, float Hubness)>? _vectors;

    internal FollowUpSuggester(AnswerPlugin answers, IPassageRetriever retriever, IOptions<CaseProfile> profile, SentenceEmbedder? embedder)
    {
        _answers = answers;
        _retriever = retriever;
        _embedder = embedder;
        _candidates = profile.Value.SuggestedQuestions
            .Where(q => !string.IsNullOrWhiteSpace(q))
            .Select(q => q.Trim())
            .DistinctBy(Normalise, StringComparer.Ordinal)
            .ToList();
        _normalised = _candidates.ToDictionary(c => c, Normalise, StringComparer.Ordinal);

        // A question that leans on the conversation ("How old is she?") would be answered in its light, not as checked.
        _leaning = new(() => _candidates.Where(c => FollowUpResolver.IsFollowUp(c, _retriever.Terms(c).Count)).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>The configured candidates (trimmed, without duplicates).</summary>
    public IReadOnlyList<string> Candidates => _candidates;

    /// <summary>
    /// Up to <paramref name="count"/> questions to offer after <paramref name="answer"/>, closest in meaning first. None
    /// unless the answer answered. <paramref name="asked"/> is what was already asked in the conversation.
    /// </summary>
    public async Task<IReadOnlyList<string>> SuggestAsync(string question, Answer answer, IEnumerable<string> asked, int count = DefaultCount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(asked);
        if (!answer.Answered || count <= 0 || _candidates.Count == 0)
        {
            return [];
        }

        var done = asked.Append(question).Select(Normalise).ToHashSet(StringComparer.Ordinal);
        var given = Quotes(answer);
        var picked = new List<string>();
        var pickedQuotes = new List<HashSet<(string, int, int)>>();
        foreach (var candidate in Rank(question, answer, _candidates.Where(c => !done.Contains(_normalised[c]))))
        {
            if (picked.Count == count)
            {
                break;
            }

            if (_leaning.Value.Contains(candidate))
            {
                continue;
            }

            var check = await CheckAsync(candidate, cancellationToken);
            var quotes = Quotes(check);

            // Only what the articles answer, and not by repeating the answer just given or another suggestion's answer.
            if (!check.Answered || quotes.IsSubsetOf(given) || pickedQuotes.Any(q => q.SetEquals(quotes)))
            {
                continue;
            }

            picked.Add(candidate);
            pickedQuotes.Add(quotes);
        }

        return picked;
    }

    /// <summary>The answer a candidate gets asked on its own, computed once per candidate (extractive, never a model).</summary>
    public Task<Answer> CheckAsync(string candidate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var check = _checked.GetOrAdd(candidate, c => _answers.AnswerStandaloneExtractiveAsync(c, CancellationToken.None));
        if (check.IsFaulted || check.IsCanceled)
        {
            _checked.TryRemove(new KeyValuePair<string, Task<Answer>>(candidate, check));
        }

        return check.WaitAsync(cancellationToken);
    }

    /// <summary>Candidates by closeness in meaning to the question and its answer (sentence vectors; shared stems without them).</summary>
    private IEnumerable<string> Rank(string question, Answer answer, IEnumerable<string> candidates)
    {
        if (_embedder is not null)
        {
            // The question (as a query: the encoder is asymmetric; retrieval has just embedded it, so it is remembered)
            // and the sentences the answer quotes (their vectors are stored with the index): nothing new is embedded on
            // an answer's way out. A candidate close to every other one (a "hub") would come first after almost any
            // answer, so its mean closeness to the others is taken off (as CSLS does for nearest neighbours).
            var target = Target(_embedder.EmbedQuery(question), answer);
            var vectors = CandidateVectors(_embedder);
            return candidates.OrderByDescending(c => TensorPrimitives.Dot(target, vectors[c].Vector) - vectors[c].Hubness);
        }

        var about = $"{question} {Markers().Replace(answer.Text, string.Empty)}";
        var stems = _retriever.Terms(about).ToHashSet(StringComparer.Ordinal);
        return candidates.OrderByDescending(c =>
        {
            var own = _retriever.Terms(c).ToHashSet(StringComparer.Ordinal);
            return own.Count == 0 ? 0 : (double)own.Count(stems.Contains) / own.Count;
        });
    }

    /// <summary>The question's vector plus the quoted sentences' stored vectors, unit length.</summary>
    private float[] Target(float[] question, Answer answer)
    {
        var sum = (float[])question.Clone();
        foreach (var citation in answer.Citations)
        {
            if (_retriever.SentenceVector(citation.PassageId, citation.Start) is { } vector)
            {
                TensorPrimitives.Add(sum, vector, sum);
            }
        }

        var norm = TensorPrimitives.Norm(sum);
        if (norm > 0)
        {
            TensorPrimitives.Divide(sum, norm, sum);
        }

        return sum;
    }

    private Dictionary<string, (float[] Vector, float Hubness)> CandidateVectors(SentenceEmbedder embedder)
    {
        if (_vectors is { } known)
        {
            return known;
        }

        var vectors = embedder.EmbedSentences(_candidates);
        var result = new Dictionary<string, (float[], float)>(StringComparer.Ordinal);
        for (var i = 0; i < vectors.Length; i++)
        {
            var others = Enumerable.Range(0, vectors.Length).Where(j => j != i).Select(j => TensorPrimitives.Dot(vectors[i], vectors[j])).ToList();
            result[_candidates[i]] = (vectors[i], others.Count == 0 ? 0 : others.Average());
        }

        return _vectors = result;
    }

    private static HashSet<(string, int, int)> Quotes(Answer answer) =>
        answer.Citations.Select(c => (c.Source, c.Start, c.End)).ToHashSet();

    /// <summary>Case, spacing and end punctuation do not make a question new.</summary>
    internal static string Normalise(string question) =>
        Spaces().Replace(question.Trim().TrimEnd('?', '.', '!', ' ').ToLowerInvariant(), " ");

    [GeneratedRegex(@"\s*\[\d+\]")]
    private static partial Regex Markers();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
