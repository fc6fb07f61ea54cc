using CaseBot.Core.Articles;

namespace CaseBot.Core.Answering.Ranking;

/// <summary>
/// Describes each candidate sentence for a question by a small set of named, general features (how close in meaning,
/// how much of the question it covers, whether it holds the kind of value asked for, where it stands), which the fitted
/// <see cref="RankerModel"/> weighs. Nothing here knows the case: the same features rank sentences of any corpus.
/// </summary>
internal static class SentenceFeatures
{
    /// <summary>Feature names, in the order of <see cref="Candidate.Features"/> and of the weights in <c>ranker.json</c>.</summary>
    public static readonly string[] Names =
    [
        "cosine",              // similarity in meaning of question and sentence (arctic-embed-xs)
        "cosineMargin",        // cosine minus the best cosine over the corpus (0 for the closest sentence)
        "cosineRelative",      // (cosine - corpus mean) / (best - corpus mean): comparable across corpora
        "cosineRankInverse",   // 1 / rank of the sentence by cosine over the whole corpus
        "coverage",            // share of the question's words (idf-weighted, glossary aliases allowed) in the sentence
        "coverageCount",       // share of the question's words, unweighted
        "passageCoverage",     // idf-weighted share found in the sentence's passage
        "neighbourCoverage",   // idf-weighted share found in the sentences beside it
        "missingRarest",       // idf of the rarest question word the sentence lacks, over the rarest's idf
        "coverageRankInverse", // 1 / rank of the sentence by coverage among the candidates
        "passageBm25",         // BM25 score of the passage over the best passage's (0 if not retrieved)
        "passageRankInverse",  // 1 / rank of the passage by BM25 (0 if not retrieved)
        "adjacentPairs",       // adjacent question-word pairs adjacent in the sentence too (0, 0.5, 1)
        "hasValue",            // holds a value of the kind asked for (amount, date, name…) not already in the question
        "typedWithoutValue",   // the question asks for a kind of value and the sentence holds none
        "valueCount",          // how many such values (up to 3, over 3)
        "valueNearFocus",      // such a value within 8 words of a covered question word
        "typedQuestion",       // the question asks for a kind of value (amount, date, person, place…)
        "yesNoQuestion",       // the question is a yes/no question
        "namesCategory",       // "which store": a rare capitalised word beside the noun asked about
        "length",              // log of the sentence length, over log 200
        "short",               // under 40 characters
        "startsWithQuote",     // opens with a quotation mark
        "isQuestion",          // the sentence is itself a question
        "articlePosition",     // log of the sentence's offset in its article, over log 5000
        "semanticTop",         // among the sentences closest in meaning
        "neighbourCosine",     // best cosine of the sentences beside it (the context it stands in)
        "passageCosine",       // best cosine of any sentence of its passage
        "coveragePassageGap",  // share of the question its passage covers beyond the sentence itself
        "contextCoverage",     // for a follow-up: share of the words carried over from earlier turns in the sentence
        "contextPassageCoverage", // for a follow-up: the same share in its passage
    ];

    public static int Count => Names.Length;
}

/// <summary>A sentence that might answer, with its features and, once ranked, its score (higher is better).</summary>
internal sealed record Candidate(Passage Passage, TextSpan Sentence, string Text, double Coverage, IReadOnlyList<string> Values, double[] Features)
{
    public double Score { get; set; }
}
