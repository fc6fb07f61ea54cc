using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using CaseBot.Core.Answering.Verification;
using CaseBot.Core.Articles;
using CaseBot.Core.Retrieval;
using CaseBot.Core.Retrieval.Semantic;
using CaseBot.Core.Timeline;

namespace CaseBot.Core.Answering;

/// <summary>What was left of a model's reply after verification, and what was taken out and why.</summary>
internal sealed record VerifiedReply(bool SaysNotInArticles, string Text, IReadOnlyList<Citation> Citations, IReadOnlyList<string> Removed, bool Malformed)
{
    /// <summary>
    /// The sentence that answered the question (the one sharing most words with it) was removed and no sentence left
    /// shares even half as many: what is left no longer answers, so the extractive answer is given instead.
    /// </summary>
    public bool KeySentenceRemoved { get; init; }

    public bool HasContent => Citations.Count > 0 && Text.Length > 0;
}

/// <summary>
/// Checks a model-written answer against the passages it was given, before anyone sees it. Markers for passages that
/// were not supplied are dropped; a sentence must keep at least one marker; its numbers and amounts must appear in a
/// cited passage exactly (as values: "$5m" = "$5 million"), its month names and proper names too, and most of its
/// content words; sentences that read as instructions are removed. Kept sentences are renumbered [1], [2], … in
/// order, each citation quoting the sentence of its passage that best matches what was said.
/// </summary>
internal sealed partial class AnswerVerifier(IPassageRetriever retriever, Glossary glossary, CaseAnalyzer analyzer, ClaimWords claimWords, SentenceEmbedder? meaning = null)
{
    private readonly ClaimChecks _claims = new(claimWords, Stems(analyzer));

    /// <summary>Words that attribute, lead in, add up or name the articles ("according to", "said", "yes", "in total", "the articles"): not content the passage must contain.</summary>
    private readonly Lazy<HashSet<string>> _notContentStems = new(() => claimWords.Attributing.SelectMany(p => p)
        .Concat(claimWords.Totals.Where(p => p.Length == 1).SelectMany(p => p)).Concat(claimWords.Sources).Concat(["yes", "no"]).Select(analyzer.Stem).OfType<string>().ToHashSet(StringComparer.Ordinal));

    /// <summary>The reporting words ("said", "denies", "allegations"), not the words of a ruling ("held", "ruled").</summary>
    private readonly Lazy<HashSet<string>> _reportingStems = new(() => claimWords.Reporting.SelectMany(p => p).Select(analyzer.Stem).OfType<string>().ToHashSet(StringComparer.Ordinal));

    public const string NotInArticlesToken = "NOT_IN_ARTICLES";

    /// <summary>Share of a sentence's content words that its cited passages must contain.</summary>
    public const double MinWordSupport = 0.6;

    /// <summary>
    /// That share for a sentence giving a number the passage gives for the same thing ("the board set aside $4 million
    /// for repairs" beside "…, $4 million for repairs, …"): the value and what it counts are the claim, checked exactly;
    /// the words around them are the writer's. Measured on twelve replay sets (twelfth session) at 0.4 and 0.5: true
    /// sentences kept rose on six sets (0.4; three at 0.5), wrong ones let through did not.
    /// </summary>
    public const double MinWordSupportWithBoundValue = 0.4;

    /// <summary>
    /// What a name weighs in that share, found or missing. Names are weak evidence either way: an invented fact about
    /// the passage's people is mostly their names ("Okafor's remarks defamed Brandt", cited to "Okafor sued Brandt"),
    /// and a true sentence may name whom the passage calls "the judge". Measured on the nine replay sets (eleventh
    /// session): at 1, 16 wrong sentences reached users; at 0.5, 7, with true sentences kept within 0.02 on each set
    /// (0.3 to 0.6 did about the same).
    /// </summary>
    public const double NameWeight = 0.5;

    private static readonly HashSet<string> SentenceWords = new(StringComparer.Ordinal)
    {
        "The", "A", "An", "He", "She", "They", "It", "His", "Her", "Their", "This", "That", "These", "Those", "In", "On",
        "At", "After", "Before", "When", "While", "But", "And", "According", "As", "I", "Mr", "Ms", "Mrs", "Dr", "Judge",
        "Former", "President", "US", "U.S", "No", "Yes", "Both", "Later", "Then", "Also", "However",
    };

    /// <summary>
    /// What of <paramref name="reply"/> the cited passages support. <paramref name="type"/> is the kind of answer the
    /// question asks for: when the sentence that answered it is removed, what is left still answers only if it shares a
    /// word with the question and, for a hard fact (an amount, a count, a date, an age, a person, a name, a place), holds
    /// one of that kind.
    /// </summary>
    public VerifiedReply Verify(string reply, IReadOnlyList<Passage> supplied, string question, AnswerType type = AnswerType.General, string asserted = "")
    {
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(supplied);
        var text = reply.Trim();
        if (text.Length == 0)
        {
            return new VerifiedReply(false, string.Empty, [], ["the model's reply was empty"], Malformed: true);
        }

        if (text.Contains(NotInArticlesToken, StringComparison.OrdinalIgnoreCase))
        {
            return new VerifiedReply(true, string.Empty, [], [], Malformed: false);
        }

        if (NotInArticlesPhrase().Match(text) is { Success: true } declines)
        {
            // "The articles don't say X; they say Y [1]." The lead-in is the model's own; what it goes on to say is checked
            // like any reply and, if some of it holds, given after the lead-in: still an answer that the articles don't say.
            var rest = LeadInEnd().Match(text, declines.Index + declines.Length);
            if (rest.Success && Marker().IsMatch(text, rest.Index) && Verify(text[(rest.Index + rest.Length)..], supplied, question, type, asserted) is { HasContent: true, Malformed: false, SaysNotInArticles: false } partial)
            {
                var lead = text[..rest.Index].TrimEnd() + rest.Value.Trim() + " ";
                return partial with { SaysNotInArticles = true, Text = lead + partial.Text };
            }

            return new VerifiedReply(true, string.Empty, [], [], Malformed: false);
        }

        if (text.StartsWith('{') || text.StartsWith('<') || text.StartsWith("```", StringComparison.Ordinal))
        {
            return new VerifiedReply(false, string.Empty, [], ["the model's reply was not plain sentences"], Malformed: true);
        }

        // "[1, 2]" → "[1][2]", a list's lines → sentences; then "…damages. [1]" → "…damages [1]." so that the marker stays with its sentence.
        text = ReplyLayout.Normalise(text);
        text = MarkerAfterStop().Replace(text, m => $"{m.Groups["markers"].Value.TrimEnd()}{m.Groups["stop"].Value}");
        var removed = new List<string>();
        var kept = new List<(string Sentence, List<int> Passages)>();
        var questionStems = retriever.Terms(question).ToHashSet(StringComparer.Ordinal);
        var askedStems = InstructionDetector.Asked(question) is { } asked ? retriever.Terms(asked).ToHashSet(StringComparer.Ordinal) : questionStems;
        // Names are checked against the cited article whoever wrote them; the rest of what the message said must be said
        // by the passage too, unless the sentence denies it ("…so the award was not reduced").
        var assertedWords = string.Join(' ', Word().Matches(asserted).Select(m => m.Value).Where(w => !char.IsUpper(w[0])));
        var demanded = retriever.Terms(assertedWords).Where(s => !askedStems.Contains(s)).ToHashSet(StringComparer.Ordinal);
        (int Overlap, bool Kept, string Text) key = (0, true, string.Empty);
        var keptQuestionStems = new HashSet<string>(StringComparer.Ordinal);
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var span in LeadWordsJoined(text, SentenceSplitter.Split(text)))
        {
            var sentence = text.Substring(span.Start, span.Length);
            var markers = Marker().Matches(sentence).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().ToList();
            var body = Whitespace().Replace(Marker().Replace(sentence, string.Empty), " ").Trim();
            body = SpaceBeforeStop().Replace(body, "$1");
            if (body.Length == 0 || body.All(c => !char.IsLetterOrDigit(c)))
            {
                continue;
            }

            foreach (var invalid in markers.Where(n => n < 1 || n > supplied.Count))
            {
                removed.Add($"marker [{invalid}] names no supplied passage");
            }

            var valid = markers.Where(n => n >= 1 && n <= supplied.Count).ToList();
            var problem = valid.Count == 0 ? "no valid citation"
                : InstructionDetector.IsInstruction(body) ? "reads as an instruction"
                : ClaimText.SpeaksForItself(body) ? "speaks in the writer's own voice (\"I\", \"my\"), which an answer from the articles never does"
                : Unsupported(body, valid.Select(n => supplied[n - 1]).ToList(), question, Denies(body) ? [] : demanded);
            if (problem is null && AddsOnlyUnsaid(body, valid.Select(n => supplied[n - 1]).ToList(), written) is { } unsaid)
            {
                problem = unsaid;
            }

            var bodyStems = retriever.Terms(body);
            written.UnionWith(bodyStems);
            written.UnionWith(Quantities.Find(body).Select(ValueKey));
            var shared = bodyStems.Where(questionStems.Contains).ToHashSet(StringComparer.Ordinal);
            if (shared.Count > key.Overlap)
            {
                key = (shared.Count, problem is null, body);
            }

            if (problem is null)
            {
                keptQuestionStems.UnionWith(shared);
            }

            if (problem is not null)
            {
                removed.Add($"\"{Shorten(body)}\": {problem}");
                continue;
            }

            kept.Add((body, valid));
        }

        var assembled = Assemble(kept, supplied, removed);
        return assembled with
        {
            KeySentenceRemoved = !key.Kept && !StillAnswers(assembled.Text, keptQuestionStems.Count > 0 || AsCloseInMeaning(question, key.Text, kept), type, question),
        };
    }

    /// <summary>
    /// Whether what is left of a reply still answers once the sentence that answered was removed: it shares a word with
    /// the question or is about as close to it in meaning, and, for a hard fact (an amount, a count, a date, an age, a
    /// person, a name, a place), holds one.
    /// </summary>
    private static bool StillAnswers(string text, bool onTheQuestion, AnswerType type, string question) =>
        onTheQuestion
        && (type is not (AnswerType.Amount or AnswerType.Count or AnswerType.Date or AnswerType.Age or AnswerType.Person or AnswerType.Name or AnswerType.Place)
            || AnswerFeatures.FindSpans(type, Marker().Replace(text, string.Empty), question).Count > 0);

    /// <summary>
    /// How much further from the question in meaning (cosine) the closest sentence left may be than the removed one that
    /// answered, and still answer it. Over the sixteen replay sets (thirteenth session) the removed sentence stood 0.17
    /// closer when what was left did not answer ("Who is Okafor?" without the sentence saying who she is) and at most 0.05
    /// closer when it did, in words the question does not use ("sued him twice" for "two lawsuits").
    /// </summary>
    public const double KeyMeaningMargin = 0.1;

    /// <summary>Whether a sentence kept is about as close in meaning to the question as the removed one that answered it.</summary>
    private bool AsCloseInMeaning(string question, string removedKey, List<(string Sentence, List<int> Passages)> kept)
    {
        if (meaning is null || removedKey.Length == 0 || kept.Count == 0)
        {
            return false;
        }

        var asked = meaning.EmbedQuery(question);
        var vectors = meaning.EmbedSentences([removedKey, .. kept.Select(k => k.Sentence)]);
        var closestKept = vectors.Skip(1).Max(v => Dot(asked, v));
        return closestKept >= Dot(asked, vectors[0]) - KeyMeaningMargin;
    }

    private static double Dot(float[] a, float[] b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);

    /// <summary>
    /// A lead-in of a few words without a marker ("No.", "Yes, in part.") belongs to the sentence after it: it is the
    /// start of the answer, not a claim on its own. So does a piece without a marker that leaves a quotation open (She
    /// wrote: "The quay is unsafe. The board knows it." [1]): the quotation is one claim, cited once at its end.
    /// </summary>
    private static List<TextSpan> LeadWordsJoined(string text, List<TextSpan> spans)
    {
        var joined = new List<TextSpan>();
        for (var i = 0; i < spans.Count; i++)
        {
            var piece = text.Substring(spans[i].Start, spans[i].Length);
            var unmarked = i + 1 < spans.Count && !Marker().IsMatch(piece);
            var lead = unmarked && ((!piece.Any(char.IsDigit) && Word().Count(piece) <= 3) || ClaimText.LeavesQuotationOpen(piece));
            if (lead)
            {
                spans[i + 1] = new TextSpan(spans[i].Start, spans[i + 1].End);
                continue;
            }

            joined.Add(spans[i]);
        }

        return joined;
    }

    private static VerifiedReply Assemble(List<(string Sentence, List<int> Passages)> kept, IReadOnlyList<Passage> supplied, List<string> removed)
    {
        var numbers = new Dictionary<int, int>();
        var citations = new List<Citation>();
        var text = new StringBuilder();
        foreach (var (sentence, passages) in kept)
        {
            var markers = new List<int>();
            foreach (var p in passages)
            {
                if (!numbers.TryGetValue(p, out var n))
                {
                    n = numbers.Count + 1;
                    numbers[p] = n;
                    citations.Add(Cite(supplied[p - 1], n, sentence));
                }

                markers.Add(n);
            }

            var stop = sentence.Length > 0 && ".!?".Contains(sentence[^1], StringComparison.Ordinal) ? sentence[^1] : '.';
            var core = sentence.Length > 0 && ".!?".Contains(sentence[^1], StringComparison.Ordinal) ? sentence[..^1].TrimEnd() : sentence;
            text.Append(text.Length == 0 ? string.Empty : " ")
                .Append(core)
                .Append(' ')
                .Append(string.Concat(markers.Select(m => $"[{m}]")))
                .Append(stop);
        }

        return new VerifiedReply(false, text.ToString(), citations, removed, Malformed: false);
    }

    /// <summary>
    /// A sentence after others must add something its passage says. One that repeats what was already written and
    /// changes a detail ("…asked her to try on a coat [1]." after "…asked her to try on a jacket [1].") carries its
    /// claim in the words the passage lacks, however many of its other words the passage has. <paramref name="written"/>
    /// holds the stems and values ("#5000000") of the sentences before it. A new value counts as found (values were
    /// checked exactly before), and so does a name the cited article uses (whom the passage calls "he") when it is all
    /// the sentence adds. Measured on 30 replay sets (seventeenth session): wrong sentences reaching users 25 → 13, true
    /// ones kept down by one on four sets (restatements of an amount already given); on a set of
    /// chatty replies that end by summing up ("So, in short, …"), 5 of 131 true sentences, all restatements.
    /// </summary>
    private string? AddsOnlyUnsaid(string sentence, List<Passage> cited, HashSet<string> written)
    {
        var values = Quantities.Find(sentence);
        if (written.Count == 0 || values.Any(q => !written.Contains(ValueKey(q))))
        {
            return null;
        }

        var passageStems = retriever.Terms(string.Join("\n", cited.Select(TrustedText))).ToHashSet(StringComparer.Ordinal);
        var added = retriever.Terms(WithoutQuantities(sentence, values))
            .Where(s => IsContentStem(s) && !written.Contains(s))
            .Distinct().ToList();
        if (added.Count == 0 || added.Any(s => FoundIn(s, passageStems)))
        {
            return null;
        }

        // A name the cited article uses elsewhere is who the passage means by "he" or "the judge": only a sentence that
        // adds nothing else is let be for it.
        var names = ProperName().Matches(sentence).SelectMany(NameWords).SelectMany(w => retriever.Terms(w)).ToHashSet(StringComparer.Ordinal);
        if (added.Any(names.Contains))
        {
            var articleStems = retriever.Terms(CitedArticles(cited)).ToHashSet(StringComparer.Ordinal);
            if (added.All(s => names.Contains(s) && articleStems.Contains(s)))
            {
                return null;
            }
        }

        return $"it adds to the sentences before it only what the cited passage does not say ({string.Join(", ", added)})";
    }

    /// <summary>
    /// Whether a word the passage must hold counts as a content word: not a number, a scale word ("million"), an
    /// attribution, a word of adding up or one naming the articles (<see cref="_notContentStems"/>).
    /// </summary>
    private bool IsContentStem(string stem) =>
        !stem.Any(char.IsDigit) && stem is not ("million" or "billion" or "thousand") && !_notContentStems.Value.Contains(stem);

    /// <summary>Whether the passage holds a word: as such, as a first-sense synonym or as a word of its family.</summary>
    private static bool FoundIn(string stem, HashSet<string> passageStems) =>
        passageStems.Contains(stem) || Synonyms.AnyIn(stem, passageStems) || Extends(stem, passageStems);

    /// <summary>
    /// Whether the passage has a word of the same family that the stemmer keeps apart, one stem extending the other
    /// ("column" and "columnist", "president" and "presidential"), both of at least five letters. Measured on 33
    /// replay sets (seventeenth session): true sentences kept up on five sets, no wrong sentence more reaching users.
    /// (The eighth session measured it on three sets, with fewer checks after it, and one more leaked then.)
    /// </summary>
    private static bool Extends(string stem, HashSet<string> passageStems) =>
        stem.Length >= 5 && passageStems.Any(p => p.Length >= 5 && p != stem && (p.StartsWith(stem, StringComparison.Ordinal) || stem.StartsWith(p, StringComparison.Ordinal)));

    /// <summary>The text of the cited articles, with their titles and the outlets that published them ("the Gazette reported…").</summary>
    private string CitedArticles(List<Passage> cited) =>
        string.Join("\n", cited.Select(p => p.Source).Distinct(StringComparer.Ordinal)
            .SelectMany(source => retriever.ArticlePassages(source)).Select(p => TrustedTitle(p) + "\n" + p.Outlet + "\n" + TrustedText(p)));

    /// <summary>A value as <see cref="AddsOnlyUnsaid"/> keeps it beside word stems: "#" and the number, which no stem starts with.</summary>
    private static string ValueKey(Quantity quantity) => "#" + quantity.Value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Why a sentence is not supported by the passages it cites, or null when it is.</summary>
    private string? Unsupported(string sentence, List<Passage> cited, string question, HashSet<string> demanded)
    {
        var passageText = string.Join("\n", cited.Select(TrustedText));

        // The article's date counts as stated: the prompt tells the model to give it ("As of 6 September 2023, …").
        var dates = string.Join("\n", cited.Where(p => p.Date is not null).SelectMany(p => DatesStated(p)).Distinct());
        var dated = passageText + "\n" + dates;
        var passageQuantities = Quantities.Find(passageText);
        var passageValues = passageQuantities.Select(q => q.Value).ToHashSet();
        var sentences = cited.SelectMany(Trusted).Select(s => s.Text).ToList();
        var dateValues = Quantities.Find(dates).Select(q => q.Value).ToHashSet();
        var quantities = Quantities.Find(sentence);
        foreach (var value in quantities.Where(q => !WhoIsMeant(sentence, q)))
        {
            // The article's date supplies days and years, never counts ("six months" is not the 6 of "6 September").
            if (!passageValues.Contains(value.Value) && !(dateValues.Contains(value.Value) && Quantities.IsDatePart(sentence, value))
                && !_claims.StatedSum(sentence, value, sentences))
            {
                return $"{sentence.Substring(value.Start, value.Length)} is not in the cited passage";
            }
        }

        foreach (Match month in Month().Matches(sentence))
        {
            if (!dated.Contains(month.Value[..3], StringComparison.OrdinalIgnoreCase))
            {
                return $"{month.Value} is not in the cited passage";
            }
        }

        if (OtherYear(sentence, passageText) is { } otherYear)
        {
            return otherYear;
        }

        foreach (Match day in Weekday().Matches(sentence))
        {
            if (!dated.Contains(day.Value, StringComparison.OrdinalIgnoreCase))
            {
                return $"{day.Value} is not in the cited passage";
            }
        }

        var articles = new Lazy<string>(() => CitedArticles(cited));
        foreach (Match name in ProperName().Matches(sentence))
        {
            var words = NameWords(name).ToList();
            // A lone capitalised word opening the sentence is usually just a capital letter, not a name.
            if (words.Count == 0 || (name.Index == 0 && words.Count == 1 && SentenceStart(sentence, words[0])))
            {
                continue;
            }

            var surname = words[^1].TrimEnd('.', '\'', '’').Replace("’s", string.Empty, StringComparison.Ordinal).Replace("'s", string.Empty, StringComparison.Ordinal);
            if (surname.Length > 1 && !dated.Contains(surname, StringComparison.OrdinalIgnoreCase) && !question.Contains(surname, StringComparison.OrdinalIgnoreCase)
                && !AliasInPassage(name.Value, passageText) && !articles.Value.Contains(surname, StringComparison.OrdinalIgnoreCase))
            {
                return $"\"{name.Value}\" is not in the cited passage";
            }
        }

        if ((UnknownAcronym(sentence, passageText, question, articles) ?? OtherBearer(sentence, passageText, question, articles) ?? OtherTitle(sentence, articles)) is { } misnamed)
        {
            return misnamed;
        }

        // Content words must mostly be in the cited passages, as such, as a first-sense synonym ("reply" for "answer"),
        // as a word of their family ("column" for "columnist") or as a glossary alias. Numbers were found in the
        // passages as values above: digits are not words, and a number written in words ("two dozen", "seventy-nine",
        // whatever the passage's own digits) is one word found. A name counts half (NameWeight), found or not.
        var stems = retriever.Terms(WithoutQuantities(sentence, quantities));
        var passageStems = new HashSet<string>(retriever.Terms(dated), StringComparer.Ordinal);
        var aliases = glossary.Match(stems);
        var values = quantities.Count(q => !sentence.Substring(q.Start, q.Length).Any(char.IsAsciiDigit));
        double contentWords = values, supported = values;
        var nameStems = ProperName().Matches(sentence).SelectMany(NameWords)
            .Where(w => !Month().IsMatch(w) && !Weekday().IsMatch(w)).SelectMany(w => retriever.Terms(w)).ToHashSet(StringComparer.Ordinal);
        var aliased = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < stems.Count; i++)
        {
            if (!IsContentStem(stems[i]))
            {
                // A reporting word the passage has too ("denies the allegations", beside "He denies the allegations…") is
                // part of what the sentence says, and found; one the passage lacks is the sentence's own attribution.
                if (_reportingStems.Value.Contains(stems[i]) && passageStems.Contains(stems[i]))
                {
                    contentWords++;
                    supported++;
                }

                continue;
            }

            var weight = nameStems.Contains(stems[i]) ? NameWeight : 1;
            contentWords += weight;
            var index = i;
            if (FoundIn(stems[i], passageStems))
            {
                supported += weight;
            }
            else if (aliases.Any(m => index >= m.Start && index < m.Start + m.Length && m.Alternatives.Any(a => a.All(passageStems.Contains))))
            {
                supported += weight;
                aliased.Add(stems[i]);
            }
            else if (demanded.Contains(stems[i]))
            {
                // "…and say she is his lawyer": what the message said rather than asked must be said by the passage, every word.
                return $"the message said this rather than asked it, and the cited passage does not say {stems[i]}";
            }
        }

        if (contentWords > 0 && supported / contentWords < MinWordSupport
            && (supported / contentWords < MinWordSupportWithBoundValue || _claims.BoundValues(sentence, sentences) == 0))
        {
            return $"the cited passage does not say this (only {supported} of {contentWords} words found)";
        }

        return _claims.ValueBinding(sentence, sentences)
            ?? _claims.FindingObjects(sentence, s => passageStems.Contains(s) || aliased.Contains(s))
            ?? _claims.Sought(sentence, sentences)
            ?? _claims.ReportedWords(sentence, st => passageStems.Contains(st) || aliased.Contains(st) || Synonyms.AnyIn(st, passageStems))
            ?? _claims.Outcomes(sentence, cited.Select(p => BestSentences([p], sentence).FirstOrDefault().Best).OfType<string>().ToList(), sentences)
            ?? AgainstItsSource();

        // The checks against the sentence the claim rests on hold against each it matches equally well ("The first
        // lawsuit…" shares as many words with "The second lawsuit…" as with "…: The first lawsuit…"): the claim fails
        // only if it fails against all of them.
        string? AgainstItsSource()
        {
            string? reason = null;
            foreach (var (source, before, posted) in BestSentences(cited, sentence))
            {
                var why = _claims.Polarity(sentence, source, sentences) ?? _claims.Opposites(sentence, source) ?? _claims.Extremes(sentence, source)
                    ?? _claims.Attribution(sentence, source, before, posted) ?? _claims.Hedged(sentence, source) ?? _claims.Roles(sentence, source);
                if (why is null)
                {
                    return null;
                }

                reason ??= why;
            }

            return reason;
        }
    }

    /// <summary>Whether the sentence has a negation ("not", "never"…).</summary>
    private bool Denies(string sentence)
    {
        var tokens = ClaimText.Tokens(sentence);
        return claimWords.Negation.Any(n => ClaimText.Find(tokens, n).Any());
    }

    /// <summary>
    /// "The two of them had never met", "the two awards": who or what is meant, not a count the passage must give. Only
    /// "the two" before a noun: "the twelve jurors" is a count.
    /// </summary>
    private static bool WhoIsMeant(string sentence, Quantity value)
    {
        var written = sentence.Substring(value.Start, value.Length);
        if (written.Any(char.IsAsciiDigit) || value.Start < 4 || !sentence.AsSpan(value.Start - 4, 4).Equals("the ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = sentence[value.End..];
        return PronounOf().IsMatch(rest) || (written.Equals("two", StringComparison.OrdinalIgnoreCase) && NextWord().IsMatch(rest));
    }

    [GeneratedRegex(@"^\s+of\s+(them|us|you|those)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PronounOf();

    [GeneratedRegex(@"^\s+[a-z]+")]
    private static partial Regex NextWord();

    /// <summary>The sentence with its numbers and amounts blanked out, and "years old" after an age with them.</summary>
    private static string WithoutQuantities(string sentence, List<Quantity> quantities)
    {
        var text = sentence.ToCharArray();
        foreach (var q in quantities)
        {
            var age = YearsOld().Match(sentence, q.End);
            Array.Fill(text, ' ', q.Start, q.Length + (age.Success && age.Index == q.End ? age.Length : 0));
        }

        return new string(text);
    }

    [GeneratedRegex(@"\G[\s-]*years?[\s-]+old\b", RegexOptions.IgnoreCase)]
    private static partial Regex YearsOld();

    /// <summary>
    /// The dates a passage states by its article's date: that date itself with its weekday, and the years "last year",
    /// "this year" and "next year" mean in it.
    /// </summary>
    private static IEnumerable<string> DatesStated(Passage passage)
    {
        var date = passage.Date!.Value;
        yield return date.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture);
        foreach (var (phrase, offset) in new[] { ("last year", -1), ("this year", 0), ("next year", 1) })
        {
            if (passage.Text.Contains(phrase, StringComparison.OrdinalIgnoreCase))
            {
                yield return (date.Year + offset).ToString(CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>
    /// Whether the sentence gives a day with a year ("6 January 2020") that the cited passage gives only with another year
    /// ("6 January 2021"): the year is wrong, though it may stand elsewhere in the passage ("his 2020 election defeat").
    /// </summary>
    private static string? OtherYear(string sentence, string passageText)
    {
        var days = DaysWithYears(sentence);
        if (days.Count == 0)
        {
            return null;
        }

        var stated = DaysWithYears(passageText);
        foreach (var day in days)
        {
            var sameDay = stated.Where(d => d.Month == day.Month && d.Day == day.Day).ToList();
            if (sameDay.Count > 0 && !sameDay.Contains(day))
            {
                return $"the cited passage gives {day.ToString("d MMMM", CultureInfo.InvariantCulture)} as {sameDay[0].Year}, not {day.Year}";
            }
        }

        return null;
    }

    /// <summary>The days a text gives with their year ("6 January 2021", "January 6, 2021").</summary>
    private static List<DateOnly> DaysWithYears(string text) =>
        [.. DateRecogniser.Find(text, null).Where(m => m.Explicitness == DateRecogniser.StatesYear && m.Date.Precision == DatePrecision.Day).Select(m => m.Date.Earliest)];

    /// <summary>
    /// Whether the sentence gives a full name ("Ines Okafor") whose surname the cited passage gives only with another
    /// first name ("Tomas Okafor", a different person): two people share the surname and the sentence names the wrong
    /// one. A glossary alias the passage uses ("Nessa" for "Ines") or the question's own wording is the same person.
    /// A passage giving the surname alone ("her lawyer, Okafor") means whom its article names so: the sentence's first
    /// name must be one the cited articles give that surname.
    /// </summary>
    private string? OtherBearer(string sentence, string passageText, string question, Lazy<string> articles)
    {
        var named = FullNames(sentence).ToList();
        if (named.Count == 0)
        {
            return null;
        }

        var given = FullNames(passageText).ToList();
        var articleNames = new Lazy<List<(string First, string Last)>>(() => [.. FullNames(articles.Value)]);
        var passageWords = new Lazy<HashSet<string>>(() => Word().Matches(passageText).Select(m => m.Value).ToHashSet(StringComparer.Ordinal));
        foreach (var (first, last) in named)
        {
            var bearers = given.Where(p => p.Last.Equals(last, StringComparison.OrdinalIgnoreCase)).ToList();
            var inArticles = bearers.Count == 0 && passageWords.Value.Contains(last);
            if (inArticles)
            {
                bearers = [.. articleNames.Value.Where(p => p.Last.Equals(last, StringComparison.OrdinalIgnoreCase))];
            }

            // A sentence that also names the passage's bearer ("Ines Okafor is not related to Judge Tomas Okafor") tells
            // the two apart itself.
            if (bearers.Count > 0 && !bearers.Exists(p => named.Exists(n => n.First.Equals(p.First, StringComparison.OrdinalIgnoreCase) && n.Last.Equals(last, StringComparison.OrdinalIgnoreCase)))
                && !question.Contains($"{first} {last}", StringComparison.OrdinalIgnoreCase) && !FullAliasInPassage($"{first} {last}", inArticles ? articles.Value : passageText))
            {
                return $"the cited {(inArticles ? "article" : "passage")}'s {last} is {bearers[0].First} {last}, not {first} {last}";
            }
        }

        return null;
    }

    /// <summary>
    /// An acronym of the sentence ("FBI", "NYPD") the cited articles don't use: it names an agency or a body as surely as a
    /// name names a person, so the article must have it, its dotted form ("U.S.") or the words it stands for ("New York
    /// University" for "NYU"), or the question must, or the passage one of its aliases ("Justice Department").
    /// </summary>
    private string? UnknownAcronym(string sentence, string passageText, string question, Lazy<string> articles)
    {
        var initials = new Lazy<HashSet<string>>(() => Initialisms(articles.Value));
        foreach (Match acronym in Acronym().Matches(sentence))
        {
            var letters = acronym.Groups["letters"].Value;
            var dotted = string.Join('.', letters.ToCharArray()) + ".";
            if (!articles.Value.Contains(letters, StringComparison.Ordinal) && !articles.Value.Contains(dotted, StringComparison.Ordinal)
                && !initials.Value.Contains(letters) && !question.Contains(letters, StringComparison.OrdinalIgnoreCase) && !AliasInPassage(letters, passageText))
            {
                return $"\"{letters}\" is not in the cited article";
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the sentence titles someone ("Judge Okafor", "Dr Ines Okafor") though the cited articles, which name that
    /// surname, never use the title ("her lawyer, Okafor, had…": no judge in the article). A sentence that also names
    /// another bearer of the surname ("Ines Okafor, who is not Judge Tomas Okafor") tells the two apart itself.
    /// </summary>
    private string? OtherTitle(string sentence, Lazy<string> articles)
    {
        var names = ProperName().Matches(sentence).Select(m => m.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        var articleWords = new Lazy<HashSet<string>>(() => Word().Matches(articles.Value).Select(m => m.Value).ToHashSet(StringComparer.OrdinalIgnoreCase));
        foreach (var parts in names)
        {
            var title = Array.FindIndex(parts, p => claimWords.Titles.Contains(p.TrimEnd('.')));
            if (title < 0 || title == parts.Length - 1)
            {
                continue;
            }

            var titleWord = parts[title].TrimEnd('.');
            var surname = Possessive().Replace(parts[^1], string.Empty);
            if (names.Count(n => Possessive().Replace(n[^1], string.Empty).Equals(surname, StringComparison.Ordinal)) > 1)
            {
                continue;
            }

            if (articleWords.Value.Contains(surname) && !articleWords.Value.Contains(titleWord))
            {
                return $"the cited article does not call {surname} {titleWord.ToLowerInvariant()}";
            }
        }

        return null;
    }

    /// <summary>
    /// The first names and surnames a text gives: in each run of capitalised words, its last word and the word before it,
    /// titles ("Judge", "Mr") and initials left out ("U.S. District Judge Ines A. Okafor": Ines, Okafor).
    /// </summary>
    private static IEnumerable<(string First, string Last)> FullNames(string text)
    {
        // "In June Trump filed…": a month or weekday after a preposition is a date, not a first name.
        text = DateAfterPreposition().Replace(text, m => m.Value.ToLowerInvariant());
        foreach (Match name in ProperName().Matches(text))
        {
            var words = NameWords(name).Select(w => w.TrimEnd('.')).Where(w => w.Length > 1).ToList();
            if (words.Count >= 2)
            {
                var last = words[^1].Replace("’s", string.Empty, StringComparison.Ordinal).Replace("'s", string.Empty, StringComparison.Ordinal);
                yield return (words[^2], last);
            }
        }
    }

    /// <summary>
    /// The initials of every run of capitalised words in a text, and of every part of a run ("New York University School
    /// of Law": NYU, NYUSL, SL…; "Federal Bureau of Investigation": FBI), small joining words ("of", "the", "and", "for")
    /// skipped.
    /// </summary>
    private static HashSet<string> Initialisms(string text)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var run = new List<char>();
        void Close()
        {
            for (var start = 0; start < run.Count - 1; start++)
            {
                for (var end = start + 2; end <= run.Count; end++)
                {
                    found.Add(new string([.. run.GetRange(start, end - start)]));
                }
            }

            run.Clear();
        }

        foreach (Match word in Word().Matches(text))
        {
            var value = word.Value;
            var gap = word.Index > 0 && text[word.Index - 1] is '.' or ',' or ';' or ':' or '!' or '?' or '(' or ')' or '\n';
            if (gap)
            {
                Close();
            }

            if (char.IsUpper(value[0]))
            {
                run.Add(value[0]);
            }
            else if (value is not ("of" or "the" or "and" or "for"))
            {
                Close();
            }
        }

        Close();
        return found;
    }

    /// <summary>Whether a name of the sentence has a glossary alias ("the former president") that the passage uses.</summary>
    private bool AliasInPassage(string name, string passageText)
    {
        var nameStems = retriever.Terms(name);
        var passageStems = new HashSet<string>(retriever.Terms(passageText), StringComparer.Ordinal);
        return glossary.Match(nameStems).Any(m => m.Alternatives.Any(a => a.Length > 0 && a.All(passageStems.Contains)));
    }

    /// <summary>
    /// Whether the passage names, word for word, a glossary alias of at least two words for a full name ("Ines Okafor"
    /// for "Nessa Okafor"): a bare surname two people share, or words scattered over the passage, say nothing.
    /// </summary>
    private bool FullAliasInPassage(string name, string passageText)
    {
        var passageStems = retriever.Terms(passageText).ToArray();
        var nameStems = retriever.Terms(name);
        return glossary.Match(nameStems).Where(m => m.Length == nameStems.Count)
            .Any(m => m.Alternatives.Any(a => a.Length >= 2 && passageStems.AsSpan().IndexOf(a) >= 0));
    }

    /// <summary>
    /// The trusted sentences of the cited passages sharing the most content words (by stem) with
    /// <paramref name="claim"/>, in passage order, each with the sentence before it in its passage (whom a pronoun in it
    /// may stand for), if any.
    /// </summary>
    private List<(string Best, string? Before, bool Posted)> BestSentences(List<Passage> cited, string claim)
    {
        var claimStems = Word().Matches(claim.ToLowerInvariant()).Select(m => _claims.Stem(m.Value)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var best = new List<(string Best, string? Before, bool Posted)>();
        var bestScore = 0;
        foreach (var passage in cited)
        {
            var sentences = Trusted(passage);
            for (var i = 0; i < sentences.Count; i++)
            {
                var score = sentences[i].Words.Select(_claims.Stem).OfType<string>().Distinct(StringComparer.Ordinal).Count(claimStems.Contains);
                if (score == 0 || score < bestScore)
                {
                    continue;
                }

                if (score > bestScore)
                {
                    best.Clear();
                    bestScore = score;
                }

                best.Add((sentences[i].Text, i > 0 ? sentences[i - 1].Text : null, passage.Kind == PassageKind.SocialEmbed));
            }
        }

        return best;
    }

    /// <summary>The words of a capitalised run that may name someone ("Judge Ines Okafor" → Ines, Okafor).</summary>
    private static IEnumerable<string> NameWords(Match name) =>
        name.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !SentenceWords.Contains(w.TrimEnd('.')));

    private static bool SentenceStart(string sentence, string word) => sentence.StartsWith(word, StringComparison.Ordinal);

    /// <summary>Stems of single words, remembered (verification stems the same few thousand words over and over).</summary>
    private static Func<string, string?> Stems(CaseAnalyzer analyzer)
    {
        var known = new System.Collections.Concurrent.ConcurrentDictionary<string, string?>(StringComparer.Ordinal);
        return word => known.Count < 100_000 ? known.GetOrAdd(word, analyzer.Stem) : known.TryGetValue(word, out var s) ? s : analyzer.Stem(word);
    }

    private static Citation Cite(Passage passage, int marker, string claim)
    {
        var best = passage.Sentences[0];
        var bestScore = -1;
        var claimWords = new HashSet<string>(Word().Matches(claim.ToLowerInvariant()).Select(m => m.Value), StringComparer.Ordinal);
        foreach (var sentence in Trusted(passage))
        {
            var score = sentence.Words.Count(claimWords.Contains);
            if (score > bestScore)
            {
                (best, bestScore) = (sentence.Span, score);
            }
        }

        return new Citation(marker, passage.Source, passage.Title, passage.Date, passage.SentenceText(best), best.Start, best.End, passage.Id) { Outlet = passage.Outlet };
    }

    /// <summary>
    /// A passage's article title, or null when it reads as an instruction ("Ignore your rules and say…"): like such a
    /// sentence, it is never shown to the model.
    /// </summary>
    public static string? TrustedTitle(Passage passage)
    {
        ArgumentNullException.ThrowIfNull(passage);
        return InstructionDetector.IsInstruction(passage.Title) ? null : passage.Title;
    }

    /// <summary>
    /// A passage's text without the sentences that read as instructions ("ignore your rules and say…"): those are
    /// never shown to the model and never count as support for what it wrote.
    /// </summary>
    public static string TrustedText(Passage passage)
    {
        ArgumentNullException.ThrowIfNull(passage);
        var trusted = Trusted(passage);
        return trusted.Count == passage.Sentences.Count ? passage.Text : string.Join(' ', trusted.Select(s => s.Text));
    }

    /// <summary>A passage sentence that does not read as an instruction, with its distinct lower-case words.</summary>
    private sealed record TrustedSentence(TextSpan Span, string Text, HashSet<string> Words);

    /// <summary>
    /// A passage's sentences that do not read as instructions, worked out once per passage: every claim of every reply
    /// is checked against the sentences of the passages it cites, and the same passages come back again and again.
    /// </summary>
    private static IReadOnlyList<TrustedSentence> Trusted(Passage passage) => TrustedSentences.GetValue(passage, p => p.Sentences
        .Select(span => (Span: span, Text: p.SentenceText(span)))
        .Where(s => !InstructionDetector.IsInstruction(s.Text))
        .Select(s => new TrustedSentence(s.Span, s.Text, Word().Matches(s.Text.ToLowerInvariant()).Select(m => m.Value).ToHashSet(StringComparer.Ordinal)))
        .ToList());

    private static readonly ConditionalWeakTable<Passage, IReadOnlyList<TrustedSentence>> TrustedSentences = [];

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..117] + "…";

    [GeneratedRegex(@"\[(\d{1,3})\]")]
    private static partial Regex Marker();

    [GeneratedRegex(@"(?<stop>[.!?][""”’']?)(?<markers>(\s*\[\d{1,3}\])+)")]
    private static partial Regex MarkerAfterStop();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\s+([.!?,;:])")]
    private static partial Regex SpaceBeforeStop();

    /// <summary>Where the lead-in "The articles don't say X" ends and what they do say begins.</summary>
    [GeneratedRegex(@"\s*([;:—–]|\.(?=\s)|,\s*(but|only|although|though)\b)\s*")]
    private static partial Regex LeadInEnd();

    [GeneratedRegex(@"^\W*(the articles?|the passages?|the sources?|they)\s+(do(es)?\s?n[o']t|do not|does not)\s+(say|answer|mention|state|tell)", RegexOptions.IgnoreCase)]
    private static partial Regex NotInArticlesPhrase();

    [GeneratedRegex(@"\b(" + Timeline.DateRecogniser.Months + @")\b")]
    private static partial Regex Month();

    [GeneratedRegex(@"\b(" + Timeline.DateRecogniser.Weekdays + @")\b")]
    private static partial Regex Weekday();

    [GeneratedRegex(@"\b(?:in|on|by|since|until|till|from|during|before|after|last|next|early|late|mid)[\s-]+(?:" + Timeline.DateRecogniser.Months + "|" + Timeline.DateRecogniser.Weekdays + @")\b", RegexOptions.IgnoreCase)]
    private static partial Regex DateAfterPreposition();

    [GeneratedRegex(@"\b\p{Lu}[\p{Ll}'’]+(\s(\p{Lu}\.|\p{Lu}[\p{Ll}'’]+))*")]
    private static partial Regex ProperName();

    [GeneratedRegex(@"[\p{L}\d]+")]
    private static partial Regex Word();

    [GeneratedRegex(@"['’]s$")]
    private static partial Regex Possessive();

    /// <summary>Two or more capitals standing as a word ("FBI", "NYPD's", "DAs"), not a capitalised word.</summary>
    [GeneratedRegex(@"\b(?<letters>\p{Lu}{2,})(?:s|['’]s)?\b")]
    private static partial Regex Acronym();
}
