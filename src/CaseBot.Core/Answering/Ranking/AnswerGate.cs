namespace CaseBot.Core.Answering.Ranking;

/// <summary>
/// What decides whether the best-ranked sentence is given as the answer at all: features of the question's best
/// candidates (how clearly it beats the rest, how close in meaning, how much of the question it covers, whether it holds
/// the kind of value asked for, how much of the question the corpus knows). A logistic regression over these, fitted on
/// held-out rankings, gives the probability that the answer is right; below the threshold, CaseBot says it found no
/// sentence that clearly answers.
/// </summary>
internal static class AnswerGate
{
    public static readonly string[] Names =
    [
        "bestScore",          // the ranker's score of the best sentence
        "scoreMargin",        // best score minus the second's
        "bestShare",          // softmax share of the best sentence among the candidates
        "bestCosine",         // cosine of the best sentence above the corpus mean (comparable across corpora)
        "corpusCosineSpread", // best cosine over the corpus minus the corpus mean
        "bestCoverage",       // idf-weighted share of the question in the best sentence
        "bestMissingRarest",  // the rarest question word the best sentence lacks
        "bestTypedWithoutValue", // the question asks for a value the best sentence does not hold
        "bestValueNearFocus", // the value asked for stands near a question word
        "knownShare",         // idf-weighted share of the question's words the corpus has
        "questionForm",       // log-odds that a question worded like this is answerable at all (QuestionForm); NaN counts as average
        "bestLength",         // log length of the best sentence, as the ranker reads it (weighed with the rest: short fragments and long sentences that touch the question in passing)
    ];

    public static int Count => Names.Length;

    /// <param name="ranked">The candidates, best first.</param>
    /// <param name="knownShare">Idf-weighted share of the question's words the corpus has.</param>
    /// <param name="semantic">The question's cosines over the corpus; null when semantic retrieval is off.</param>
    /// <param name="questionForm">What <see cref="QuestionForm"/> makes of the question (NaN when it cannot tell).</param>
    public static double[] Describe(IReadOnlyList<Candidate> ranked, double knownShare, Retrieval.Semantic.SemanticResult? semantic, double questionForm)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        var g = new double[Count];
        var corpusMean = semantic?.Mean ?? 0;
        g[4] = semantic is null ? double.NaN : semantic.Best - corpusMean;
        g[9] = knownShare;
        g[10] = questionForm;
        if (ranked.Count == 0)
        {
            return g;
        }

        var best = ranked[0];
        var max = best.Score;
        var sum = ranked.Sum(c => Math.Exp(c.Score - max));
        g[0] = best.Score;
        g[1] = ranked.Count > 1 ? best.Score - ranked[1].Score : 5;
        g[2] = 1 / sum;
        g[3] = best.Features[Feature("cosine")] - corpusMean;
        g[5] = best.Features[Feature("coverage")];
        g[6] = best.Features[Feature("missingRarest")];
        g[7] = best.Features[Feature("typedWithoutValue")];
        g[8] = best.Features[Feature("valueNearFocus")];
        g[11] = best.Features[Feature("length")];
        return g;
    }

    private static int Feature(string name) => Array.IndexOf(SentenceFeatures.Names, name);
}
