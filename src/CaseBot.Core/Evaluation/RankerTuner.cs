using System.Globalization;
using System.Text.Json;
using CaseBot.Core.Answering;
using CaseBot.Core.Answering.Ranking;
using CaseBot.Core.Conversations;

namespace CaseBot.Core.Evaluation;

/// <summary>
/// Fits the sentence ranker on a question set: every turn's candidate sentences are labelled by whether they contain
/// an expected answer, a logistic regression is cross-validated by question (k folds), the answer threshold and the
/// second-sentence ratio are chosen on the held-out predictions, and the weights are refitted on all of it.
/// </summary>
public sealed class RankerTuner
{
    private readonly AnswerPlugin _plugin;
    private readonly ExtractiveComposer _composer;

    internal RankerTuner(AnswerPlugin plugin, ExtractiveComposer composer)
    {
        _plugin = plugin;
        _composer = composer;
    }

    /// <summary>Tunes on one corpus's questions (the corpus this tuner's services index).</summary>
    public async Task<TuneResult> TuneAsync(IReadOnlyList<EvalCase> cases, TuneSettings settings, IProgress<string>? progress = null, CancellationToken cancellationToken = default) =>
        await FitAsync([await CollectAsync("corpus", cases, progress, cancellationToken)], settings, cancellationToken);

    /// <summary>
    /// Runs a corpus's tuning questions through retrieval and candidate finding (what the ranker learns from). Tuning
    /// on questions about several corpora teaches the ranker what carries over from one case to another.
    /// </summary>
    public async Task<TuningData> CollectAsync(string corpus, IReadOnlyList<EvalCase> cases, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var turns = await CollectTurnsAsync(corpus, cases, progress, cancellationToken);
        return new TuningData(corpus, cases.Count, turns);
    }

    /// <summary>Cross-validates and fits the ranker and gate on the collected questions of one or more corpora.</summary>
    public static async Task<TuneResult> FitAsync(IReadOnlyList<TuningData> data, TuneSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        var turns = data.SelectMany(d => d.Turns).ToList();
        var caseCount = data.Sum(d => d.Cases);
        var lines = new List<string>
        {
            $"turns: {turns.Count} ({turns.Count(t => t.Answerable)} answerable, {turns.Count(t => t.Abstain)} to abstain) from {caseCount} cases about {data.Count} corpora ({string.Join(", ", data.Select(d => $"{d.Corpus}: {d.Cases}"))}); candidates: {turns.Sum(t => t.Candidates.Count)}",
            $"gold sentence among the candidates: {Share(turns.Count(t => t.Answerable && t.Candidates.Any(t.IsGold)), turns.Count(t => t.Answerable))}",
        };

        // 1. The ranker, cross-validated by case: held-out scores for every turn, for each L2 strength tried.
        double bestL2 = settings.L2[0];
        var bestTop = -1;
        List<Candidate>[]? ranked = null;
        var bestRounds = 0;

        // Trees replace a few dozen readable weights with thousands of split points: they are kept only when they win
        // at least 1% more held-out questions than the best linear ranker, not for a question or two of noise.
        var treeMargin = (int)Math.Ceiling(0.01 * turns.Count(t => t.Answerable));
        foreach (var rounds in settings.TreeRounds)
        {
            foreach (var l2 in settings.L2)
            {
                var held = CrossValidateRanker(turns, settings.Folds, l2, rounds);
                var top = turns.Where((t, i) => t.Answerable && held[i].Count > 0 && t.IsGold(held[i][0])).Count();
                lines.Add($"ranker l2={l2.ToString(CultureInfo.InvariantCulture)} trees={rounds}: held-out top-1 {Share(top, turns.Count(t => t.Answerable))}");
                if (top > bestTop + (rounds > 0 && bestRounds == 0 && bestTop >= 0 ? treeMargin : 0))
                {
                    (bestL2, bestRounds, bestTop, ranked) = (l2, rounds, top, held);
                }
            }
        }

        foreach (var group in Enumerable.Range(0, turns.Count).Where(i => turns[i].Answerable).GroupBy(i => turns[i].Type).OrderBy(g => g.Key.ToString()))
        {
            lines.Add($"  held-out top-1 for {group.Key}: {Share(group.Count(i => ranked![i].Count > 0 && turns[i].IsGold(ranked[i][0])), group.Count())}");
        }

        if (settings.DetailsPath is { } details)
        {
            await File.WriteAllLinesAsync(details, Enumerable.Range(0, turns.Count)
                .Where(i => turns[i].Answerable && ranked![i].Count > 0 && !turns[i].IsGold(ranked[i][0]))
                .Select(i => $"{turns[i].CaseId} [{turns[i].Type}] {turns[i].Question}\n   top:  {ranked![i][0].Score:0.00} {ranked[i][0].Text}\n   gold: " +
                    (ranked[i].FirstOrDefault(turns[i].IsGold) is { } gold ? $"#{ranked[i].IndexOf(gold) + 1} {gold.Score:0.00} {gold.Text}" : "(not among the candidates)")), cancellationToken);
        }

        // 2. When to add the second sentence: the margin that answers most held-out turns correctly.
        var margins = new[] { 0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0 };
        var margin = margins.MaxBy(m => Enumerable.Range(0, turns.Count).Count(i => turns[i].Answerable && turns[i].Correct(ranked![i], m)));

        // 3. The question's form, cross-validated the same way: what the gate reads for each turn comes from a model
        //    that did not see that turn's case.
        var (form, heldForm) = FitQuestionForm(turns, settings, lines);

        // 4. The gate, cross-validated on the held-out rankings; the threshold keeps held-out false abstentions within the target.
        var gateRows = Enumerable.Range(0, turns.Count).Select(i => ExtractiveComposer.GateFeatures(ranked![i], turns[i].Retrieval, heldForm[i])).ToList();

        var gateLabels = Enumerable.Range(0, turns.Count).Select(i => turns[i].Answerable).ToList();
        if (settings.FeaturesPath is { } featuresPath)
        {
            await File.WriteAllLinesAsync(featuresPath, Enumerable.Range(0, turns.Count).Select(i => FeatureLine(turns[i], ranked![i], gateRows[i], margin)), cancellationToken);
        }

        var confidence = new double[turns.Count];
        for (var fold = 0; fold < settings.Folds; fold++)
        {
            var train = Enumerable.Range(0, turns.Count).Where(i => FoldOf(turns[i].CaseId, settings.Folds) != fold).ToList();
            var gate = FitGate(train.Select(i => gateRows[i]).ToList(), train.Select(i => gateLabels[i]).ToList());
            foreach (var i in Enumerable.Range(0, turns.Count).Where(i => FoldOf(turns[i].CaseId, settings.Folds) == fold))
            {
                confidence[i] = gate.Probability(gateRows[i]);
            }
        }

        foreach (var (label, select) in new (string, Func<TurnData, bool>)[] { ("answerable", t => t.Answerable), ("unanswerable", t => t.Kind == "unanswerable"), ("out_of_scope", t => t.Kind == "out_of_scope") })
        {
            var rows = Enumerable.Range(0, turns.Count).Where(i => select(turns[i])).ToList();
            lines.Add($"gate features, mean over {label} turns ({rows.Count}): " + string.Join(", ", AnswerGate.Names.Select((n, j) => $"{n} {rows.Select(i => gateRows[i][j]).DefaultIfEmpty().Average():0.00}")) + $", confidence {rows.Select(i => confidence[i]).DefaultIfEmpty().Average():0.00}");
        }

        var threshold = 0.0;
        for (var t = 0.0; t <= 0.95; t += 0.01)
        {
            if (Simulate(turns, ranked!, confidence, t, margin).FalseAbstain <= settings.TargetFalseAbstain)
            {
                threshold = Math.Round(t, 2);
            }
        }

        // Off-topic: the highest topicality threshold that declines at most MaxOffTopicDeclines of the answerable turns
        // (the one declining the most off-topic turns; ties to the lower threshold).
        var offTopicality = Retrieval.RetrievalResult.NoTopicality;
        var bestDeclined = (-1, -1);
        foreach (var topicality in Enumerable.Range(0, 41).Select(i => -2 + (i * 0.25)))
        {
            bool Declined(TurnData t) => !ExtractiveComposer.RelatesToCorpus(t.Retrieval, t.Profile, topicality);
            if (turns.Count(t => t.Answerable && Declined(t)) > settings.MaxOffTopicDeclines * turns.Count(t => t.Answerable))
            {
                continue;
            }

            var declined = (turns.Count(t => t.Kind == "out_of_scope" && Declined(t)), turns.Count(t => t.Abstain && Declined(t)));
            if (declined.CompareTo(bestDeclined) > 0)
            {
                (bestDeclined, offTopicality) = (declined, topicality);
            }
        }

        lines.Add($"off-topic when topicality < {offTopicality:0.00}: declines {bestDeclined.Item1} of {turns.Count(t => t.Kind == "out_of_scope")} off-topic tuning turns, {turns.Count(t => t.Answerable && !ExtractiveComposer.RelatesToCorpus(t.Retrieval, t.Profile, offTopicality))} answerable");

        var outcome = Simulate(turns, ranked!, confidence, threshold, margin);
        if (data.Count > 1)
        {
            foreach (var corpus in data.Select(d => d.Corpus))
            {
                var index = Enumerable.Range(0, turns.Count).Where(i => turns[i].CaseId.StartsWith(corpus + ":", StringComparison.Ordinal)).ToList();
                var part = Simulate(index.Select(i => turns[i]).ToList(), index.Select(i => ranked![i]).ToArray(), index.Select(i => confidence[i]).ToArray(), threshold, margin);
                lines.Add($"  cross-validated on {corpus}: accuracy {part.Accuracy:0.000}, falseAbstain {part.FalseAbstain:0.000}, abstain {part.AbstainRate:0.000}");
            }
        }
        lines.Add($"chosen: l2={bestL2.ToString(CultureInfo.InvariantCulture)} trees={bestRounds} secondMargin={margin:0.00} threshold={threshold:0.00}");
        lines.Add($"cross-validated ({settings.Folds} folds, by case): accuracy {outcome.Accuracy:0.000}, falseAbstain {outcome.FalseAbstain:0.000}, abstain {outcome.AbstainRate:0.000}");

        // 5. Refit both on everything.
        var ranker = FitRanker(turns.Select(t => t.Group()).ToList(), bestL2, bestRounds) with { Threshold = threshold, SecondMargin = margin };
        var weights = ranker.Weights;
        var finalRanked = turns.Select(t => Ranked(t, ranker)).ToList();
        var finalGate = FitGate(
            Enumerable.Range(0, turns.Count).Select(i => gateRows[i]).ToList(),
            gateLabels);
        var model = ranker with
        {
            Gate = finalGate,
            QuestionForm = form,
            OffTopicTopicality = Math.Round(offTopicality, 2),
            Fit = new Dictionary<string, string>
            {
                ["questions"] = $"{caseCount} cases, {turns.Count} turns, corpora: {string.Join(", ", data.Select(d => d.Corpus))}",
                ["l2"] = bestL2.ToString(CultureInfo.InvariantCulture),
                ["trees"] = bestRounds.ToString(CultureInfo.InvariantCulture),
                ["folds"] = settings.Folds.ToString(CultureInfo.InvariantCulture),
                ["targetFalseAbstain"] = settings.TargetFalseAbstain.ToString(CultureInfo.InvariantCulture),
                ["crossValidatedAccuracy"] = outcome.Accuracy.ToString("0.000", CultureInfo.InvariantCulture),
                ["crossValidatedFalseAbstain"] = outcome.FalseAbstain.ToString("0.000", CultureInfo.InvariantCulture),
                ["crossValidatedAbstain"] = outcome.AbstainRate.ToString("0.000", CultureInfo.InvariantCulture),
            },
        };
        var inSampleConfidence = Enumerable.Range(0, turns.Count).Select(i => finalGate.Probability(ExtractiveComposer.GateFeatures(finalRanked[i], turns[i].Retrieval, form?.LogOdds(turns[i].Retrieval.Semantic) ?? double.NaN))).ToArray();
        var inSample = Simulate(turns, finalRanked.ToArray(), inSampleConfidence, threshold, margin);
        lines.Add($"on the tuning data itself (not a validation figure): accuracy {inSample.Accuracy:0.000}, falseAbstain {inSample.FalseAbstain:0.000}, abstain {inSample.AbstainRate:0.000}");
        lines.Add("ranker weights (standardised features):");
        foreach (var (name, weight) in SentenceFeatures.Names.Zip(weights).OrderByDescending(x => Math.Abs(x.Second)))
        {
            lines.Add($"  {name,-22} {weight,8:+0.000;-0.000}");
        }

        lines.Add("gate weights (standardised features):");
        foreach (var (name, weight) in AnswerGate.Names.Zip(finalGate.Weights).OrderByDescending(x => Math.Abs(x.Second)))
        {
            lines.Add($"  {name,-22} {weight,8:+0.000;-0.000}");
        }

        return new TuneResult(model.ToJson(), lines);
    }

    /// <summary>
    /// Fits <see cref="QuestionForm"/> on the answerable and unanswerable turns, choosing the regularisation by held-out
    /// AUC; returns the model fitted on all of them and every turn's held-out log-odds (the mean where a turn has no
    /// vector). Off-topic turns are left out of the fit: topicality declines those, and with them in, the model learns
    /// the case's subject (a question naming its parties looks answerable) instead of the question's form, and another
    /// case's questions look off-topic.
    /// </summary>
    private static (QuestionForm? Model, double[] Held) FitQuestionForm(List<TurnData> turns, TuneSettings settings, List<string> lines)
    {
        var held = new double[turns.Count];
        var usable = Enumerable.Range(0, turns.Count).Where(i => (turns[i].Answerable || turns[i].Kind == "unanswerable") && turns[i].Retrieval.Semantic is not null).ToList();
        if (usable.Count < 20 || usable.All(i => turns[i].Answerable) || usable.All(i => !turns[i].Answerable))
        {
            lines.Add("question form: not fitted (needs semantic retrieval and both answerable and unanswerable tuning turns)");
            return (null, held);
        }

        var inputs = Array.ConvertAll(turns.ToArray(), t => t.Retrieval.Semantic is { } semantic ? QuestionForm.Input(semantic.FormVector, semantic.CorpusCentroid) : []);
        var bestAuc = -1.0;
        var bestL2 = settings.FormL2[0];
        foreach (var l2 in settings.FormL2)
        {
            var scores = Enumerable.Repeat(double.NaN, turns.Count).ToArray();
            for (var fold = 0; fold < settings.Folds; fold++)
            {
                var train = usable.Where(i => FoldOf(turns[i].CaseId, settings.Folds) != fold).ToList();
                var model = QuestionForm.Fit(train.ConvertAll(i => inputs[i]), train.ConvertAll(i => turns[i].Answerable), l2);
                foreach (var i in Enumerable.Range(0, turns.Count).Where(i => turns[i].Retrieval.Semantic is not null && FoldOf(turns[i].CaseId, settings.Folds) == fold))
                {
                    scores[i] = model.LogOdds(inputs[i]);
                }
            }

            var auc = Auc(usable.ConvertAll(i => scores[i]), usable.ConvertAll(i => turns[i].Answerable));
            lines.Add($"question form l2={l2.ToString(CultureInfo.InvariantCulture)}: held-out AUC answerable vs to abstain {auc:0.000}");
            if (auc > bestAuc)
            {
                (bestAuc, bestL2) = (auc, l2);
                held = scores;
            }
        }

        var mean = held.Where(x => !double.IsNaN(x)).Average();
        return (QuestionForm.Fit(usable.ConvertAll(i => inputs[i]), usable.ConvertAll(i => turns[i].Answerable), bestL2), Array.ConvertAll(held, x => double.IsNaN(x) ? mean : x));
    }

    /// <summary>The chance that a random positive scores above a random negative (ties count half).</summary>
    private static double Auc(List<double> scores, List<bool> positive)
    {
        double wins = 0;
        long pairs = 0;
        for (var i = 0; i < scores.Count; i++)
        {
            for (var j = 0; j < scores.Count; j++)
            {
                if (positive[i] && !positive[j])
                {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }

        return pairs == 0 ? double.NaN : wins / pairs;
    }

    private static readonly GateModel EmptyGate = new(AnswerGate.Names, new double[AnswerGate.Count], Enumerable.Repeat(1.0, AnswerGate.Count).ToArray(), new double[AnswerGate.Count], 0);

    private static GateModel FitGate(List<double[]> rows, List<bool> labels)
    {
        var (means, scales, weights, bias) = LogisticRegression.Fit(rows, labels, 1.0);
        return new GateModel(AnswerGate.Names, means, scales, weights, bias);
    }

    private static List<Candidate> Ranked(TurnData turn, RankerModel model)
    {
        var ranked = turn.Candidates.Select(c => c with { Score = model.Score(c.Features) }).ToList();
        ranked.Sort((a, b) => b.Score.CompareTo(a.Score));
        return ranked;
    }

    private static RankerModel FitRanker(List<(double[][] Rows, bool[] Labels)> groups, double l2, int rounds)
    {
        var (means, scales, weights) = ListwiseRanker.Fit(groups, l2);
        var linear = new RankerModel(SentenceFeatures.Names, means, scales, weights, EmptyGate, 0, 0);
        return rounds == 0 ? linear : linear with { Trees = BoostedTrees.Fit(groups, linear.Score, rounds) };
    }

    private static List<Candidate>[] CrossValidateRanker(List<TurnData> turns, int folds, double l2, int rounds)
    {
        var held = new List<Candidate>[turns.Count];
        for (var fold = 0; fold < folds; fold++)
        {
            var train = turns.Where(t => FoldOf(t.CaseId, folds) != fold).Select(t => t.Group()).ToList();
            var model = FitRanker(train, l2, rounds);
            for (var i = 0; i < turns.Count; i++)
            {
                if (FoldOf(turns[i].CaseId, folds) == fold)
                {
                    held[i] = Ranked(turns[i], model);
                }
            }
        }

        return held;
    }

    private async Task<List<TurnData>> CollectTurnsAsync(string corpus, IReadOnlyList<EvalCase> cases, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var turns = new List<TurnData>();
        var done = 0;

        // Follow-ups lean on the previous answer, so the conversation is answered with the current weights; when
        // those were fitted for other features, with a neutral ranking (every candidate equal) until they are refitted.
        var current = _composer.CurrentModelOrNull();
        if (current is null)
        {
            progress?.Report("the current ranker weights do not fit the features; follow-up context comes from a neutral ranking this time (run tune again after writing the new weights)");
        }

        var model = current ?? new RankerModel(SentenceFeatures.Names, new double[SentenceFeatures.Count], Enumerable.Repeat(1.0, SentenceFeatures.Count).ToArray(), new double[SentenceFeatures.Count], EmptyGate, 0, 0);
        foreach (var @case in cases)
        {
            var history = new List<ConversationTurn>();
            foreach (var turn in @case.Turns)
            {
                var understood = await _plugin.UnderstandAsync(turn.Text, history, cancellationToken);
                var question = understood.Retrieval.CorrectedQuestion;
                var candidates = _composer.Candidates(question, understood.Profile, understood.Retrieval);
                var expect = turn.Expect ?? [];
                var answerable = @case.Kind is "answerable" or "conversation" || (@case.Kind == "injection" && expect.Count > 0);
                var abstain = @case.Kind is "unanswerable" or "out_of_scope";
                if (!understood.Declined && (answerable || abstain))
                {
                    turns.Add(new TurnData($"{corpus}:{@case.Id}", answerable && expect.Count > 0, abstain, expect, candidates, understood.Retrieval) { Kind = @case.Kind, Profile = understood.Profile, Question = turn.Text });
                }

                var answer = _composer.Compose(question, understood.Profile, understood.Retrieval, understood.Declined, model);
                if (answer.Status is not (AnswerStatus.OffTopic or AnswerStatus.DeclinedInstruction))
                {
                    history.Add(new ConversationTurn(turn.Text, answer));
                }
            }

            if (++done % 50 == 0)
            {
                progress?.Report($"{corpus}: read {done} of {cases.Count} cases");
            }
        }

        return turns;
    }

    private static int FoldOf(string caseId, int folds)
    {
        var hash = 17;
        foreach (var c in caseId)
        {
            hash = unchecked((hash * 31) + c);
        }

        return (int)((uint)hash % (uint)folds);
    }

    /// <summary>What answering would score: the best sentence (and the second within the margin) when the gate is confident enough.</summary>
    private static Outcome Simulate(List<TurnData> turns, List<Candidate>[] ranked, double[] confidence, double threshold, double margin)
    {
        int correct = 0, answerable = 0, falseAbstain = 0, abstained = 0, toAbstain = 0;
        for (var i = 0; i < turns.Count; i++)
        {
            var answered = ranked[i].Count > 0 && confidence[i] >= threshold;
            if (turns[i].Abstain)
            {
                toAbstain++;
                abstained += answered ? 0 : 1;
            }
            else if (turns[i].Answerable)
            {
                answerable++;
                falseAbstain += answered ? 0 : 1;
                correct += answered && turns[i].Correct(ranked[i], margin) ? 1 : 0;
            }
        }

        return new Outcome(correct, (double)correct / Math.Max(1, answerable), (double)falseAbstain / Math.Max(1, answerable), (double)abstained / Math.Max(1, toAbstain));
    }

    /// <summary>One turn as <see cref="TuneSettings.FeaturesPath"/> writes it (a feature that cannot be measured is null).</summary>
    private static string FeatureLine(TurnData turn, List<Candidate> ranked, double[] gate, double margin)
    {
        static double? Known(double x) => double.IsNaN(x) ? null : x;
        return JsonSerializer.Serialize(new
        {
            id = turn.CaseId,
            kind = turn.Kind,
            question = turn.Question,
            type = turn.Type.ToString(),
            answerable = turn.Answerable,
            abstain = turn.Abstain,
            correct = turn.Answerable && turn.Correct(ranked, margin),
            topicality = turn.Retrieval.Topicality,
            gate = AnswerGate.Names.Zip(gate).ToDictionary(x => x.First, x => Known(x.Second)),
            candidates = ranked.Select(c => new
            {
                text = c.Text,
                score = c.Score,
                gold = turn.IsGold(c),
                features = SentenceFeatures.Names.Zip(c.Features).ToDictionary(x => x.First, x => Known(x.Second)),
            }),
        });
    }

    private static string Share(int part, int whole) => $"{part}/{whole} ({(double)part / Math.Max(1, whole):0.000})";

    internal sealed record TurnData(string CaseId, bool Answerable, bool Abstain, IReadOnlyList<IReadOnlyList<string>> Expect, List<Candidate> Candidates, Retrieval.RetrievalResult Retrieval)
    {
        public string Kind { get; init; } = "answerable";

        /// <summary>How the question was read, as the composer reads it (its answer type, whether it presumes whom it is about).</summary>
        public QuestionProfile Profile { get; init; } = new(AnswerType.General, null, false);

        public AnswerType Type => Profile.Type;

        public string Question { get; init; } = string.Empty;

        public bool IsGold(Candidate candidate) => Expect.Any(alt => EvalRunner.HasAll(candidate.Text, alt));

        public (double[][] Rows, bool[] Labels) Group() => (Candidates.Select(c => c.Features).ToArray(), Candidates.Select(IsGold).ToArray());

        /// <summary>Whether the answer made of the best sentence, and the second the composer would add, holds an expected phrase.</summary>
        public bool Correct(List<Candidate> ranked, double margin)
        {
            if (ranked.Count == 0)
            {
                return false;
            }

            var text = ranked[0].Text;
            if (ExtractiveComposer.Second(ranked, Type, margin) is { } second)
            {
                text += " " + second.Text;
            }

            return Expect.Any(alt => EvalRunner.HasAll(text, alt));
        }
    }

    private sealed record Outcome(int Correct, double Accuracy, double FalseAbstain, double AbstainRate);
}

/// <summary>The tuning questions of one corpus, run through retrieval and candidate finding.</summary>
public sealed class TuningData
{
    internal TuningData(string corpus, int cases, IReadOnlyList<RankerTuner.TurnData> turns)
    {
        Corpus = corpus;
        Cases = cases;
        Turns = turns;
    }

    public string Corpus { get; }

    public int Cases { get; }

    internal IReadOnlyList<RankerTuner.TurnData> Turns { get; }
}

/// <summary>How to tune: folds, the held-out false-abstain rate to stay within, and the regularisation strengths to try.</summary>
public sealed record TuneSettings(int Folds = 5, double TargetFalseAbstain = 0.07, IReadOnlyList<double>? L2Values = null)
{
    /// <summary>Boosting rounds to try on top of the linear ranker (0: linear only).</summary>
    public IReadOnlyList<int> TreeRounds { get; init; } = [0, 100];

    /// <summary>Share of answerable tuning turns the off-topic rule may decline.</summary>
    public double MaxOffTopicDeclines { get; init; } = 0.02;


    /// <summary>Where to write the held-out ranking misses (question, top sentence, gold sentence), for people to read.</summary>
    public string? DetailsPath { get; init; }

    /// <summary>
    /// Where to write, per turn, what the gate reads (held-out) and the held-out ranking with every candidate's features,
    /// as JSON lines: the data for screening a new feature outside CaseBot (see docs/answers.md).
    /// </summary>
    public string? FeaturesPath { get; init; }

    public IReadOnlyList<double> L2 => L2Values ?? [0.1, 1, 10];

    /// <summary>Regularisation strengths to try for the question-form model (384 weights on a few hundred questions).</summary>
    public IReadOnlyList<double> FormL2 { get; init; } = [0.03, 0.1, 0.3, 1, 3];
}

/// <summary>The fitted weights (the content of <c>ranker.json</c>) and the report lines.</summary>
public sealed record TuneResult(string ModelJson, IReadOnlyList<string> Report);
