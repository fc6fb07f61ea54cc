using CaseBot.Core.Retrieval;

namespace CaseBot.Core.Answering.Verification;

/// <summary>
/// Checks of what a written sentence claims against the passage sentences it rests on: whether an account is passed
/// off as fact, whether a finding or outcome is stated the way the passage states it, and whether each number stands
/// for what the passage says it counts. Each returns why the claim fails, or null. Words are compared by stem.
/// </summary>
internal sealed class ClaimChecks(ClaimWords words, Func<string, string?> stem)
{
    /// <summary>The stem of a word (null for a stop word), as the checks compare words.</summary>
    public Func<string, string?> Stem => stem;

    /// <summary>Share of the claim's words found in the source that may lie in someone's account before the claim must attribute it too.</summary>
    public const double ReportedShareLimit = 0.5;

    /// <summary>Share of those reported words that the claim's own attribution must cover ("Kaplan said …", "according to …").</summary>
    public const double AttributedShare = 1.0 / 3;

    /// <summary>Words on either side of a number that say what it counts (stopping at the next number).</summary>
    public const int ValueReach = 8;


    /// <summary>
    /// Whether the claim states as fact what <paramref name="source"/> gives as someone's account: most of the claim's
    /// words found in the source (names aside) lie in a reported clause, and the claim attributes under a third of them.
    /// <paramref name="before"/> is the sentence before the source in its passage, whom a pronoun speaker may stand for.
    /// A <paramref name="posted"/> source (an embedded social post) is its author's account, every word of it.
    /// </summary>
    public string? Attribution(string claim, string source, string? before = null, bool posted = false)
    {
        var sourceTokens = ClaimText.Tokens(source);
        var claimTokens = ClaimText.Tokens(claim);
        var sourceReported = posted ? Enumerable.Repeat(true, sourceTokens.Count).ToArray() : Account(source, sourceTokens, before);
        // A decision the claim reports ("the judges decided…") attributes what the source gives as someone's account only
        // when the source reports a decision too ("He concluded that…"): a lawyer's guess is no ruling.
        var sourceDecides = words.Rulings.Any(r => ClaimText.Find(sourceTokens, r).Any());
        var claimReported = ClaimText.Reported(claim, claimTokens, sourceDecides ? words.Attributing : words.Reporting);
        var sourceDescribed = ClaimText.Described(source, sourceTokens);
        var reportedBySource = new Dictionary<string, bool>(StringComparer.Ordinal);
        var describedBySource = new Dictionary<string, bool>(StringComparer.Ordinal);
        var sourceNames = sourceTokens.Skip(1).Where(t => char.IsUpper(source[t.Start])).Select(t => t.Text).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < sourceTokens.Count; i++)
        {
            if (stem(sourceTokens[i].Text) is { } s)
            {
                // A word counts as reported (or as describing a name) only if every occurrence in the source is.
                reportedBySource[s] = reportedBySource.GetValueOrDefault(s, true) && sourceReported[i];
                describedBySource[s] = describedBySource.GetValueOrDefault(s, true) && sourceDescribed[i];
            }
        }

        int matched = 0, reported = 0, attributed = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < claimTokens.Count; i++)
        {
            // Names, and what the source calls them, are who the account is about or by, not what it says.
            var name = char.IsUpper(claim[claimTokens[i].Start]) && (i > 0 || sourceNames.Contains(claimTokens[i].Text));
            if (name || stem(claimTokens[i].Text) is not { } s || !seen.Add(s) || !reportedBySource.TryGetValue(s, out var isReported) || describedBySource[s])
            {
                continue;
            }

            matched++;
            if (isReported)
            {
                reported++;
                attributed += claimReported[i] ? 1 : 0;
            }
        }

        return matched > 0 && reported > ReportedShareLimit * matched && attributed < AttributedShare * reported
            ? $"the cited passage reports this as someone's account (\"{(source.Length <= 70 ? source : source[..67] + "…")}\"), but the sentence states it as fact"
            : null;
    }

    /// <summary>Share of the claim's words found in the source that may lie in a clause the source hedges before the claim must hedge too.</summary>
    public const double HedgedShareLimit = 0.5;

    /// <summary>
    /// Whether the claim states as certain what <paramref name="source"/> gives as a possibility: more than
    /// <see cref="HedgedShareLimit"/> of the claim's words found in the source (names aside) stand only in a clause a hedge
    /// governs ("there is a possibility the case could move forward fast"), and the claim has no hedge of its own.
    /// </summary>
    public string? Hedged(string claim, string source)
    {
        // A claim that hedges, or attributes what it says ("Brandt claimed…"), states nothing as certain itself.
        var claimTokens = ClaimText.Tokens(claim);
        if (claimTokens.Any(t => words.Hedges.Contains(t.Text) || words.IsAttributingWord(t.Text)))
        {
            return null;
        }

        var sourceTokens = ClaimText.Tokens(source);
        var hedged = new bool[sourceTokens.Count];
        for (var r = 0; r < sourceTokens.Count; r++)
        {
            // "couldn't have happened" denies a possibility; it does not raise one.
            var negated = r + 1 < sourceTokens.Count && sourceTokens[r + 1].Text is "not" or "n't" or "t";
            if (words.Hedges.Contains(sourceTokens[r].Text) && !negated)
            {
                for (var i = r + 1; i < sourceTokens.Count && sourceTokens[i].Clause == sourceTokens[r].Clause; i++)
                {
                    hedged[i] = true;
                }
            }
        }

        if (!hedged.Any(h => h))
        {
            return null;
        }

        var onlyHedged = new Dictionary<string, bool>(StringComparer.Ordinal);
        for (var i = 0; i < sourceTokens.Count; i++)
        {
            if (stem(sourceTokens[i].Text) is { } s)
            {
                onlyHedged[s] = onlyHedged.GetValueOrDefault(s, true) && hedged[i];
            }
        }

        int matched = 0, inHedge = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < claimTokens.Count; i++)
        {
            if (char.IsUpper(claim[claimTokens[i].Start]) || stem(claimTokens[i].Text) is not { } s || !seen.Add(s) || !onlyHedged.TryGetValue(s, out var isHedged))
            {
                continue;
            }

            matched++;
            inHedge += isHedged ? 1 : 0;
        }

        return matched > 0 && inHedge > HedgedShareLimit * matched
            ? $"the cited passage gives this as a possibility (\"{(source.Length <= 70 ? source : source[..67] + "…")}\"), but the sentence states it as certain"
            : null;
    }

    /// <summary>
    /// For each token of a passage sentence, whether it is someone's account: what a stating verb governs, less the clause
    /// in which a decider makes a decision (<see cref="DecisionsReported"/>). <paramref name="before"/> is the sentence
    /// before, whom a pronoun speaker may stand for.
    /// </summary>
    private bool[] Account(string text, IReadOnlyList<Token> tokens, string? before = null)
    {
        var account = ClaimText.Reported(text, tokens, words.Stating, words.Deciders, before, words.Addressed);
        DecisionsReported(tokens, account);
        return account;
    }

    /// <summary>
    /// Within someone's account, the clause of a decision a decider made ("…now that the court has denied the motion…",
    /// in a lawyer's statement) reports the decision, which the article's own reporting states: not the speaker's account.
    /// </summary>
    private void DecisionsReported(IReadOnlyList<Token> tokens, bool[] reported)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!reported[i] || !words.Deciders.Contains(tokens[i].Text))
            {
                continue;
            }

            var v = i + 1;
            while (v < tokens.Count && v <= i + 3 && ClaimText.HelpingWords.Contains(tokens[v].Text))
            {
                v++;
            }

            if (v < tokens.Count && tokens[v].Clause == tokens[i].Clause && words.IsDecisionWord(tokens[v].Text))
            {
                for (var k = i; k < tokens.Count && tokens[k].Clause == tokens[i].Clause; k++)
                {
                    reported[k] = false;
                }
            }
        }
    }

    /// <summary>
    /// Whether a finding or outcome in the claim ("liable", "granted", "rape") is contradicted or unstated: the source
    /// sentences (the one each cited passage matches best; or, when they are silent, any sentence of the cited passages)
    /// must state the same member of its group with the same polarity. A finding no sentence mentions is unstated; an
    /// outcome no sentence mentions is let be.
    /// </summary>
    public string? Outcomes(string claim, IReadOnlyList<string> sources, IReadOnlyList<string> passageSentences)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var claimTokens = ClaimText.Tokens(claim);
        var claimAccount = Read(claim).Account;
        var sentences = passageSentences.Select(Read).ToList();
        var sourceTokens = sources.Select(Read).ToList();
        foreach (var group in words.Groups)
        {
            foreach (var (member, negated, text, at) in Mentions(claimTokens, group, words).Where(m => !Attempted(claimTokens, m.At) && !ClaimText.Questioned(claimTokens, m.At)))
            {
                // What the claim states as fact rests on what the passage states, not on someone's account in it, nor
                // on what someone tried for ("failed attempts to get the case dismissed").
                var asFact = !claimAccount[at];
                IEnumerable<(int Member, bool Negated, string Text, int At)> Stated((IReadOnlyList<Token> Tokens, bool[] Account) s) =>
                    Mentions(s.Tokens, group, words).Where(m => (!asFact || !s.Account[m.At]) && !Attempted(s.Tokens, m.At) && !ClaimText.Questioned(s.Tokens, m.At));
                List<(IReadOnlyList<Token> Tokens, bool[] Account)> mentioning = [.. sourceTokens.Where(t => Stated(t).Any())];
                var considered = mentioning.Count > 0 ? mentioning : sentences;
                var stated = considered.SelectMany(Stated).ToList();
                // The same member with the same polarity; or, members excluding one another, the claim denies one where
                // the passage states another ("did not find that he raped her" where it says "liable for sexual abuse").
                if (stated.Any(s => s.Member == member && s.Negated == negated) || (negated && stated.Any(s => s.Member != member && !s.Negated)))
                {
                    continue;
                }

                if (stated.Count > 0)
                {
                    var other = stated[0];
                    return other.Member == member
                        ? $"the cited passage says {(other.Negated ? "not " : string.Empty)}{other.Text}, not {(negated ? "not " : string.Empty)}{text}"
                        : $"the cited passage says {other.Text}, not {text}";
                }

                if (group.MustBeStated)
                {
                    return $"the cited passage does not say {(negated ? "not " : string.Empty)}{text}";
                }
            }
        }

        return null;
    }

    /// <summary>How many words after a word of trying an outcome may stand and still be what was tried for.</summary>
    public const int AttemptReach = 10;

    /// <summary>Whether a word of trying ("attempts", "tried") stands before token <paramref name="at"/> in its clause, within <see cref="AttemptReach"/> words.</summary>
    private bool Attempted(IReadOnlyList<Token> tokens, int at)
    {
        for (var i = Math.Max(0, at - AttemptReach); i < at; i++)
        {
            if (tokens[i].Clause == tokens[at].Clause && words.Attempts.Contains(tokens[i].Text))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A passage sentence's words, and which of them lie in someone's account.</summary>
    private (IReadOnlyList<Token> Tokens, bool[] Account) Read(string sentence)
    {
        var tokens = ClaimText.Tokens(sentence);
        return (tokens, Account(sentence, tokens));
    }

    /// <summary>Words that open what a finding is about ("liable <i>for</i>…", "guilty <i>of</i>…", "related <i>to</i>…").</summary>
    private static readonly HashSet<string> FindingPrepositions = new(StringComparer.Ordinal) { "for", "of", "to", "with" };

    /// <summary>How many words after a finding may lead to what it is about ("liable for abuse but not for <i>fraud</i>").</summary>
    public const int FindingReach = 8;

    /// <summary>
    /// Whether a finding in the claim is about something the cited passages never mention: the first word of what
    /// follows "liable for", "guilty of", "related to", and of each further "but not for…" / "and of…" in its clause,
    /// must be a word the passages have ("liable for abuse but not for <i>fraud</i>" cited to a passage that never
    /// mentions fraud). Names are checked elsewhere. <paramref name="stated"/> says whether the passages have a word (by
    /// stem, glossary aliases included).
    /// </summary>
    public string? FindingObjects(string claim, Func<string, bool> stated)
    {
        ArgumentNullException.ThrowIfNull(stated);
        var tokens = ClaimText.Tokens(claim);
        foreach (var form in words.Groups.Where(g => g.MustBeStated).SelectMany(g => g.Members).SelectMany(m => m))
        {
            foreach (var at in ClaimText.Find(tokens, form))
            {
                // How the finding was made is part of it: "criminally liable" where the passage says only "liable".
                if (at > 0 && IsAdverb(tokens[at - 1].Text) && stem(tokens[at - 1].Text) is { } how && !stated(how))
                {
                    return $"the cited passage does not say {tokens[at - 1].Text} {string.Join(' ', form)}";
                }

                var opened = false;
                for (var i = at + form.Length; i < tokens.Count && i <= at + form.Length + FindingReach && tokens[i].Clause == tokens[at].Clause; i++)
                {
                    var token = tokens[i];
                    if (FindingPrepositions.Contains(token.Text))
                    {
                        opened = i == at + form.Length || tokens[i - 1].Text is "and" or "but" or "or" || words.Negation.Any(n => n[^1] == tokens[i - 1].Text);
                        continue;
                    }

                    if (!opened || char.IsUpper(claim[token.Start]) || token.Text.Length < 3 || stem(token.Text) is not { } s || s.Any(char.IsDigit))
                    {
                        continue;
                    }

                    opened = false;
                    if (!stated(s))
                    {
                        return $"the cited passage does not say {string.Join(' ', form)} … {token.Text}";
                    }
                }
            }
        }

        return null;
    }

    /// <summary>An adverb of manner by its form: a word of five letters or more ending in "-ly" ("criminally", "jointly").</summary>
    private static bool IsAdverb(string word) => word.Length > 4 && word.EndsWith("ly", StringComparison.Ordinal);

    /// <summary>
    /// Whether what the claim puts in someone's mouth ("Okafor posted that the board was biased against her", "Brandt
    /// said they would appeal", "the judge ruled that the fees will be refunded") is mostly said by the cited passages.
    /// The words a verb of speaking or of a decision introduces as a clause ("…said that…", "…said the board…", "…said
    /// they…", "…accused Okafor of…", "…ruled that…"; not "Added to the award", nor a participle, "the ruling denying
    /// the motion") are weighed by how rare they are in everyday English, so a missing
    /// "because" or "happened" weighs little and a missing "biased" much; names, numbers, negations and stop words are
    /// skipped. Of two or more such words, those found must weigh at least <see cref="ReportedWordShare"/>.
    /// </summary>
    public string? ReportedWords(string claim, Func<string, bool> found)
    {
        ArgumentNullException.ThrowIfNull(found);
        var tokens = ClaimText.Tokens(claim);
        var start = -1;
        for (var r = 1; r < tokens.Count - 1 && start < 0; r++)
        {
            if (!words.IsAttributingWord(tokens[r].Text) || tokens[r].Text.EndsWith("ing", StringComparison.Ordinal)
                || ClaimText.Determiners.Contains(tokens[r - 1].Text))
            {
                continue;
            }

            var next = tokens[r + 1];
            start = next.Text == "that" ? r + 2
                : ClaimText.SubjectPronouns.Contains(next.Text) || next.Text == "the" || char.IsUpper(claim[next.Start]) ? r + 1
                : -1;
        }

        if (start < 0)
        {
            return null;
        }

        var reported = ClaimText.Reported(claim, tokens, words.Attributing);
        var missing = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        double total = 0, lost = 0;
        var counted = 0;
        for (var i = start; i < tokens.Count; i++)
        {
            if (!reported[i] || char.IsUpper(claim[tokens[i].Start]) || stem(tokens[i].Text) is not { } s || s.Any(char.IsDigit) || !seen.Add(s)
                || words.IsReportingWord(tokens[i].Text) || words.IsNegationWord(tokens[i].Text)
                || Quantities.Find(tokens[i].Text).Count > 0)
            {
                continue;
            }

            // Information in everyday English: minus the log of the word's share of it.
            var weight = -EverydayEnglish.LogFrequency(s);
            total += weight;
            counted++;
            if (!found(s))
            {
                missing.Add(tokens[i].Text);
                lost += weight;
            }
        }

        return counted >= 2 && total - lost < ReportedWordShare * total
            ? $"the cited passage does not say what the sentence reports ({string.Join(", ", missing)})"
            : null;
    }

    /// <summary>
    /// The least share, by everyday-English information, of the words a claim reports someone saying that the cited
    /// passages must hold. Over the 26 replay sets (fifteenth session) 0.5 removed seven invented accounts in five sets
    /// ("Miller said the DNA on the dress matched Trump's", "…said they would appeal the ruling") and one true sentence;
    /// 0.45 removed four and none; 0.6 removed eight and four true sentences.
    /// </summary>
    public const double ReportedWordShare = 0.5;

    /// <summary>
    /// Whether the claim states as had or done what the cited passages give only as sought: a word that in the passages
    /// stands only in what a word of seeking asks for ("…are seeking a <i>sample</i> from Okafor") must, in the claim,
    /// be sought too, tried for, negated, or in a clause with an outcome or finding the passages speak of too (checked by
    /// <see cref="Outcomes"/>): "Okafor handed over a sample" is removed, "Brandt's lawyers asked for a sample" is not.
    /// Names, numbers and stop words are skipped.
    /// </summary>
    public string? Sought(string claim, IReadOnlyList<string> passageSentences)
    {
        ArgumentNullException.ThrowIfNull(passageSentences);
        HashSet<string> soughtOnly = new(StringComparer.Ordinal), elsewhere = new(StringComparer.Ordinal);
        var passageTokens = passageSentences.Select(ClaimText.Tokens).ToList();
        for (var p = 0; p < passageTokens.Count; p++)
        {
            var tokens = passageTokens[p];
            var sought = SoughtWords(tokens);
            for (var i = 0; i < tokens.Count; i++)
            {
                if (Plain(passageSentences[p], tokens[i]) is { } s)
                {
                    (sought[i] ? soughtOnly : elsewhere).Add(s);
                }
            }
        }

        soughtOnly.ExceptWith(elsewhere);
        if (soughtOnly.Count == 0)
        {
            return null;
        }

        var claimTokens = ClaimText.Tokens(claim);
        if (SoughtWords(claimTokens).Any(b => b) || claimTokens.Any(t => AskingWords.Contains(t.Text) || words.Attempts.Contains(t.Text)))
        {
            return null; // the claim speaks of asking or trying itself ("her lawsuit seeks a retraction along with damages")
        }

        // An outcome or finding the passages speak of too ("requested a retrial, which the tribunal rejected") is the
        // outcome rules' to check; one they never mention, or mention only as tried for ("attempts to get it dismissed"),
        // decides nothing here ("the board approved the transfer…").
        var decided = new HashSet<int>(words.Groups
            .Where(g => passageTokens.Any(t => Mentions(t, g).Any(m => !Attempted(t, m.At))))
            .SelectMany(g => g.Members).SelectMany(m => m)
            .SelectMany(form => ClaimText.Find(claimTokens, form)).Select(at => claimTokens[at].Clause));
        for (var i = 0; i < claimTokens.Count; i++)
        {
            if (Plain(claim, claimTokens[i]) is { } s && soughtOnly.Contains(s) && !decided.Contains(claimTokens[i].Clause)
                && !Attempted(claimTokens, i) && !ClaimText.Negated(claimTokens, i, words))
            {
                return $"the cited passage gives \"{claimTokens[i].Text}\" only as sought, not as had or done";
            }
        }

        return null;

        string? Plain(string text, Token token) =>
            char.IsUpper(text[token.Start]) || stem(token.Text) is not { } s || s.Any(char.IsDigit) ? null : s;
    }

    /// <summary>How many words after a word of seeking may be what it asks for ("seeking a blood sample from…").</summary>
    public const int SoughtReach = 5;

    /// <summary>Words that open another clause or part of one ("sought damages <i>after</i> he…"): what is asked for ends there.</summary>
    private static readonly HashSet<string> ClauseOpeners = new(StringComparer.Ordinal) { "after", "over", "because", "since", "when", "while", "and", "but", "as", "so", "or", "if", "until", "than", "which", "who", "whom", "whose", "where", "despite" };

    /// <summary>Forms of "ask", which a written sentence may use for seeking in any construction ("asked the court to…").</summary>
    private static readonly HashSet<string> AskingWords = new(StringComparer.Ordinal) { "ask", "asks", "asked", "asking", "request", "requests", "requested", "bid", "motion" };

    /// <summary>
    /// Which words a word of seeking asks for: up to <see cref="SoughtReach"/> after it in its clause, ending at a
    /// preposition other than "to" (one right after it opens what is asked for: "a request <i>for</i> a retrial") or at
    /// a word that opens another part of the clause ("after", "and", "which").
    /// </summary>
    private bool[] SoughtWords(IReadOnlyList<Token> tokens)
    {
        var sought = new bool[tokens.Count];
        foreach (var form in words.Seeking)
        {
            foreach (var at in ClaimText.Find(tokens, form))
            {
                var first = at + form.Length;
                for (var i = first; i < tokens.Count && i < first + SoughtReach && tokens[i].Clause == tokens[at].Clause; i++)
                {
                    if (i > first && ((tokens[i].Text != "to" && ClaimText.Prepositions.Contains(tokens[i].Text)) || ClauseOpeners.Contains(tokens[i].Text)))
                    {
                        break;
                    }

                    sought[i] = true;
                }
            }
        }

        return sought;
    }

    /// <summary>
    /// Whether the claim negates what its source sentence states plainly, or states plainly what the source negates:
    /// the words a negation governs ("were not <i>made</i> with <i>actual</i> malice", "is not <i>related</i> to the
    /// <i>judge</i>") stand together in the other sentence without one. Words are compared by stem; names are skipped
    /// (they are whom the clause is about; a name before any governed word means the verb was left out, "neither did
    /// Okafor"), as are single letters, and a word the other sentence lacks proves nothing.
    /// </summary>
    public string? Polarity(string claim, string source, IReadOnlyList<string>? passageSentences = null)
    {
        var claimTokens = ClaimText.Tokens(claim);
        var sourceTokens = ClaimText.Tokens(source);

        // What the claim gives as someone's account ("Okafor argued the lease was void") does not say the passage's
        // "the lease was not void" is wrong; a decider's words are the decision and still count, also when the claim
        // names the decider the passage introduces by title ("Okafor said…" after "Arbitrator Ines Okafor").
        var claimAccount = ClaimText.Reported(claim, claimTokens, words.Reporting, DecidersNamed(passageSentences ?? [source]));
        // What the passage says was tried for ("failed attempts to get the case dismissed") it does not say happened.
        var sourceTried = Enumerable.Range(0, sourceTokens.Count).Select(i => Attempted(sourceTokens, i)).ToArray();
        return Reversed(claim, claimTokens, sourceTokens, sourceTried) is { } negatedInClaim
            ? $"the sentence says not {negatedInClaim}, but the cited passage says {negatedInClaim}"
            : Reversed(source, sourceTokens, claimTokens, claimAccount) is { } negatedInSource
                ? $"the cited passage says not {negatedInSource}, but the sentence says {negatedInSource}"
                : null;
    }

    /// <summary>How many words of a name after a title a decider is known by ("Judge Ines M. Okafor").</summary>
    public const int TitledNameLength = 3;

    /// <summary>
    /// The words naming who decides: <c>[deciders]</c>, and the names the sentences give right after one of them as a
    /// title ("U.S. District Judge Ines Okafor": "ines", "okafor").
    /// </summary>
    private IReadOnlySet<string> DecidersNamed(IReadOnlyList<string> sentences)
    {
        HashSet<string>? named = null;
        foreach (var sentence in sentences)
        {
            var tokens = ClaimText.Tokens(sentence);
            for (var i = 0; i < tokens.Count; i++)
            {
                if (!words.Deciders.Contains(tokens[i].Text))
                {
                    continue;
                }

                for (var k = i + 1; k < tokens.Count && k <= i + TitledNameLength && char.IsUpper(sentence[tokens[k].Start]); k++)
                {
                    (named ??= new HashSet<string>(words.Deciders, StringComparer.Ordinal)).Add(tokens[k].Text);
                }
            }
        }

        return named ?? words.Deciders;
    }

    /// <summary>
    /// Whether the claim swaps who did what to whom: "Okafor sued Brandt" where the sentence it rests on says "Brandt
    /// sued her" (or "Brandt sued Okafor") and nowhere has Okafor, or a pronoun that might be her, do it. Only a name
    /// right before the verb is its doer (helping verbs between are skipped; a passive, "Okafor was sued by Brandt", is
    /// read as nothing), and only a name a few words after it is whom it was done to.
    /// </summary>
    public string? Roles(string claim, string source)
    {
        var claimTokens = ClaimText.Tokens(claim);
        var sourceTokens = ClaimText.Tokens(source);
        foreach (var (doer, verb) in Doers(claim, claimTokens))
        {
            var done = stem(claimTokens[verb].Text);
            if (done is null || doer is null)
            {
                continue;
            }

            var to = Enumerable.Range(verb + 1, Math.Min(RoleReach, claimTokens.Count - verb - 1))
                .TakeWhile(k => claimTokens[k].Clause == claimTokens[verb].Clause)
                .Where(k => IsName(claim, claimTokens, k)).Select(k => claimTokens[k].Text).ToHashSet(StringComparer.Ordinal);
            var sourceDoers = Doers(source, sourceTokens).Where(d => stem(sourceTokens[d.Verb].Text) == done).Select(d => d.Doer).ToList();
            if (to.Count > 0 && sourceDoers.Count > 0 && sourceDoers.All(d => d is not null && d != doer) && sourceDoers.Find(d => to.Contains(d!)) is { } other)
            {
                return $"the cited passage says {other} {claimTokens[verb].Text}, not {doer}";
            }
        }

        return null;
    }

    /// <summary>How many words after a verb a name may stand and still be whom it was done to ("sued her former boss Okafor").</summary>
    public const int RoleReach = 4;

    /// <summary>
    /// Each verb with its doer: the surname right before it (or null for a pronoun, whoever that is), helping verbs
    /// skipped. A lower-case word after a capitalised one is taken for a verb; one after "was" or "is" is passive.
    /// </summary>
    private List<(string? Doer, int Verb)> Doers(string text, IReadOnlyList<Token> tokens)
    {
        var found = new List<(string? Doer, int Verb)>();
        for (var v = 1; v < tokens.Count; v++)
        {
            if (char.IsUpper(text[tokens[v].Start]) || !char.IsLetter(tokens[v].Text[0]) || ClaimText.HelpingWords.Contains(tokens[v].Text) || ClaimText.PassiveMarkers.Contains(tokens[v].Text))
            {
                continue;
            }

            var d = v - 1;
            while (d > 0 && ClaimText.HelpingWords.Contains(tokens[d].Text) && tokens[d].Clause == tokens[v].Clause)
            {
                d--;
            }

            if (tokens[d].Clause != tokens[v].Clause || ClaimText.PassiveMarkers.Contains(tokens[d].Text))
            {
                continue;
            }

            if (ClaimText.SubjectPronouns.Contains(tokens[d].Text))
            {
                found.Add((null, v));
            }
            else if (IsName(text, tokens, d))
            {
                found.Add((tokens[d].Text, v));
            }
        }

        return found;
    }

    /// <summary>
    /// Whether the token ends a name that can do something: capitalised, not a word of grammar, a month or a weekday,
    /// and not the end of a place after a preposition ("in New York").
    /// </summary>
    private bool IsName(string text, IReadOnlyList<Token> tokens, int at)
    {
        if (!char.IsUpper(text[tokens[at].Start]) || stem(tokens[at].Text) is null || Calendar.Contains(tokens[at].Text))
        {
            return false;
        }

        var first = at;
        while (first > 0 && char.IsUpper(text[tokens[first - 1].Start]) && tokens[first - 1].Clause == tokens[at].Clause)
        {
            first--;
        }

        return first == 0 || !ClaimText.Prepositions.Contains(tokens[first - 1].Text);
    }

    private static readonly HashSet<string> Calendar = new(
        $"{Timeline.DateRecogniser.Months}|{Timeline.DateRecogniser.Weekdays}".ToLowerInvariant().Split('|'), StringComparer.Ordinal);

    /// <summary>
    /// Whether the claim says one of a group of opposites ("short-lived", "the first lawsuit") where the sentence it rests
    /// on says another ("long-lasting", "the second lawsuit") and not the claim's: both unnegated, and only the source
    /// sentence is read, since elsewhere in a passage the other word is usually about something else.
    /// </summary>
    public string? Opposites(string claim, string source)
    {
        var claimTokens = ClaimText.Tokens(claim);
        var sourceTokens = ClaimText.Tokens(source);
        foreach (var group in words.Opposites)
        {
            var said = Mentions(claimTokens, group).Where(m => !m.Negated).ToList();
            if (said.Count == 0)
            {
                continue;
            }

            var stated = Mentions(sourceTokens, group).Where(m => !m.Negated).ToList();
            foreach (var (member, _, text, _) in said)
            {
                if (stated.All(s => s.Member != member) && stated.Find(s => said.TrueForAll(c => c.Member != s.Member)) is { Text: { } other })
                {
                    return $"the cited passage says {other}, not {text}";
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the claim calls an amount the smallest or the largest ("the smallest part was $280,000") where the source
    /// sentence lists several and that one is not the least or the greatest of them.
    /// </summary>
    public string? Extremes(string claim, string source)
    {
        if (words.Extremes is not { } extremes || Mentions(ClaimText.Tokens(claim), extremes).Where(m => !m.Negated).ToList() is not [var said])
        {
            return null;
        }

        var listed = Quantities.Find(source).Where(q => q.Money).Select(q => q.Value).Distinct().ToList();
        var named = Quantities.Find(claim).Where(q => q.Money && listed.Contains(q.Value)).Select(q => q.Value).Distinct().ToList();
        if (listed.Count < 2 || named is not [var value])
        {
            return null;
        }

        var extreme = said.Member == 0 ? listed.Min() : listed.Max();
        return value == extreme ? null : $"the cited passage's {said.Text} amount is not {value:#,0.##}";
    }

    /// <summary>The most amounts a stated sum may add up.</summary>
    public const int SumTerms = 5;

    /// <summary>
    /// Whether <paramref name="amount"/>, which the passages do not state, is a sum the claim says it is ("in total",
    /// "plus"): the sum of two to <see cref="SumTerms"/> amounts of money the passages state, either amounts the claim
    /// names itself, all but at most one ("$300 in all: $100 for the roof plus $200 for the door"; "with the $100 for the
    /// roof that makes $300"), or amounts <paramref name="passageSentences"/> list one after another ("$2 million for the
    /// roof and $20,000 for the door, as well as…") that the claim does not call by what the passage says of only one of
    /// them. Any handful of a passage's amounts adds up to something, so a sum of amounts picked from across the list,
    /// unnamed, is not accepted.
    /// </summary>
    public bool StatedSum(string claim, Quantity amount, IReadOnlyList<string> passageSentences)
    {
        ArgumentNullException.ThrowIfNull(passageSentences);
        var tokens = ClaimText.Tokens(claim);
        if (!amount.Money || !words.Totals.Any(t => ClaimText.Find(tokens, t).Any()))
        {
            return false;
        }

        // The passages' amounts in order, each with the words that say what it is for.
        var listed = passageSentences.SelectMany(s => Contexts(s, claimSide: false)).Where(c => c.Value.Money).ToList();
        var passageAmounts = listed.ConvertAll(c => c.Value.Value);

        var named = Quantities.Find(claim).Where(q => q.Money && q.Value < amount.Value && passageAmounts.Contains(q.Value)).Select(q => q.Value).Distinct().OrderDescending().ToList();
        if (SumOf(amount.Value, named, 0, 0) || passageAmounts.Distinct().Any(other => other < amount.Value && SumOf(amount.Value - other, named, 0, 1)))
        {
            return true;
        }

        // What the sentence puts before the total, in its clause, must not call it by what the passage says of one of the
        // amounts alone ("the paving award came to…"); naming several of them ("repairs and paving came to…") is a total.
        var before = tokens.Where(t => t.End <= amount.Start).ToList();
        var calledBy = before.Where(t => t.Clause == before.LastOrDefault().Clause).TakeLast(ValueReach).Select(t => stem(t.Text)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        for (var first = 0; first < listed.Count; first++)
        {
            var total = 0m;
            for (var last = first; last < listed.Count && last - first < SumTerms; last++)
            {
                total += listed[last].Value.Value;
                if (total == amount.Value && last > first && !CalledByOneAlone(listed.GetRange(first, last - first + 1)))
                {
                    return true;
                }
            }
        }

        return false;

        // Whether the words before the total name exactly one of the amounts, by a word the passage says of it alone.
        bool CalledByOneAlone(List<(Quantity Value, HashSet<string> Context, string Text)> terms) =>
            terms.Count(t => t.Context.Any(w => calledBy.Contains(w) && terms.Count(o => o.Context.Contains(w)) == 1)) == 1;

        static bool SumOf(decimal rest, List<decimal> amounts, int from, int used) =>
            (rest == 0 && used >= 2)
            || (used < SumTerms && rest > 0 && Enumerable.Range(from, amounts.Count - from).Any(i => amounts[i] <= rest && SumOf(rest - amounts[i], amounts, i + 1, used + 1)));
    }

    /// <summary>How many words a closing contrast may have (", not battery", ", not the flood damage").</summary>
    public const int ContrastLength = 3;

    /// <summary>Words after a negation that may follow the one it governs and still belong to it.</summary>
    public const int GovernedPairReach = 4;

    /// <summary>
    /// The first word a negation of <paramref name="negating"/> governs, when <paramref name="other"/> has it unnegated
    /// and followed (within <see cref="GovernedPairReach"/> words) by the next word the negation governs, if any.
    /// </summary>
    private string? Reversed(string text, IReadOnlyList<Token> negating, IReadOnlyList<Token> other, bool[]? otherIgnored = null)
    {
        foreach (var negation in words.Negation)
        {
            foreach (var at in ClaimText.Find(negating, negation))
            {
                // "…for defamation, not battery": a contrast opening its own closing clause sets one word against another
                // of the sentence, which says nothing about where the passage uses that word.
                if (at > 0 && negating[at - 1].Clause < negating[at].Clause && negating[^1].Clause == negating[at].Clause
                    && negating.Count - at - negation.Length <= ContrastLength)
                {
                    continue;
                }

                var governed = new List<(Token Token, string Stem)>();
                for (var i = at + negation.Length; i < negating.Count && i <= at + negation.Length + ClaimText.NegationReach && governed.Count < 2; i++)
                {
                    if (negating[i].Clause != negating[at].Clause || negating[i].Text == "but")
                    {
                        break; // "not about her but about every woman": what follows "but" is affirmed
                    }

                    if (char.IsUpper(text[negating[i].Start]))
                    {
                        if (governed.Count == 0)
                        {
                            break; // "…, and neither did Okafor's office": the negation governs an elided verb, not what follows the name
                        }

                        continue;
                    }

                    if (negating[i].Text.Length > 1 && stem(negating[i].Text) is { } s)
                    {
                        governed.Add((negating[i], s));
                    }
                }

                if (governed.Count == 0)
                {
                    continue;
                }

                // Where the other sentence has the first governed word, followed soon after by the second (if any).
                var same = Enumerable.Range(0, other.Count).Where(i => stem(other[i].Text) == governed[0].Stem && !(otherIgnored?[i] ?? false)).ToList();
                // When the other sentence lacks the second word altogether, the first decides alone ("would not prove him
                // guilty" against "would prove that he lied").
                var secondAbsent = governed.Count == 2 && other.All(t => stem(t.Text) != governed[1].Stem);
                var together = same.Any(i => governed.Count < 2 || secondAbsent || other.Skip(i + 1).Take(GovernedPairReach).Any(t => stem(t.Text) == governed[1].Stem));
                if (together && same.All(i => !ClaimText.Negated(other, i, words)))
                {
                    return governed[0].Token.Text;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Whether a number in the claim stands, in the passage, for something else: every word the claim puts around it
    /// that the passage puts around the same number, the passage also puts around another number, with more besides
    /// ("$280,000 … for battery" where the passage has "$20,000 in punitive damages for battery").
    /// </summary>
    public string? ValueBinding(string claim, IReadOnlyList<string> passageSentences)
    {
        var claimValues = Contexts(claim, claimSide: true);
        if (claimValues.Count == 0)
        {
            return null;
        }

        var passageValues = passageSentences.SelectMany(s => Contexts(s, claimSide: false)).ToList();
        foreach (var (value, context, text) in claimValues)
        {
            var same = passageValues.Where(p => p.Value.Value == value.Value).Select(p => p.Context.Where(context.Contains).ToHashSet(StringComparer.Ordinal)).ToList();
            if (same.Count == 0)
            {
                continue; // not a number of the passage (checked elsewhere)
            }

            // Everything the sentence says around the number is said in the passage around another number, and more.
            foreach (var other in passageValues.Where(p => p.Value.Value != value.Value && p.Value.Money == value.Money))
            {
                var near = other.Context.Where(context.Contains).ToHashSet(StringComparer.Ordinal);
                if (same.All(s => near.IsProperSupersetOf(s)))
                {
                    return $"in the cited passage, what the sentence says of {text} is said of {other.Text}";
                }
            }
        }

        return null;
    }

    /// <summary>
    /// How many numbers of the claim the passage gives for the same thing: the same value, with at least half the words
    /// the claim puts after it (or before it, when nothing follows) around it in the passage too ("$4 million for quay
    /// repairs" and "…, $4 million for repairs to the quay, and…"; not "more than 24 berths were closed" beside "one of
    /// over 24 berths that…").
    /// </summary>
    public int BoundValues(string claim, IReadOnlyList<string> passageSentences)
    {
        var passageValues = passageSentences.SelectMany(s => Contexts(s, claimSide: false)).ToList();
        return Contexts(claim, claimSide: true).Count(c => c.Context.Count > 0
            && passageValues.Any(p => p.Value.Value == c.Value.Value && 2 * c.Context.Count(p.Context.Contains) >= c.Context.Count));
    }

    /// <summary>
    /// Each number of the sentence with the words that say what it counts: the words after it up to the next number
    /// ("$2 million in compensatory damages and | $20,000 in punitive damages for battery"), and for the first number
    /// the words before it too, at most <see cref="ValueReach"/> each way. Years and days of dates are left out. On the
    /// claim's side only the words after a number count when there are any ("$1 million in damages and…"), since
    /// what a short written sentence puts before its first number is usually its subject, not what the number counts,
    /// and only up to the end of the number's clause.
    /// </summary>
    private List<(Quantity Value, HashSet<string> Context, string Text)> Contexts(string sentence, bool claimSide)
    {
        var values = Quantities.Find(sentence).Where(q => !Quantities.IsDatePart(sentence, q) && !Quantities.IsTimes(sentence, q)).ToList();
        var tokens = ClaimText.Tokens(sentence);
        var result = new List<(Quantity Value, HashSet<string> Context, string Text)>();
        for (var v = 0; v < values.Count; v++)
        {
            var ceiling = v + 1 < values.Count ? values[v + 1].Start : sentence.Length;
            var context = new HashSet<string>(StringComparer.Ordinal);
            var before = tokens.Where(t => t.End <= values[v].Start).ToList();
            var after = tokens.Where(t => t.Start >= values[v].End && t.End <= ceiling && stem(t.Text) is not null).Take(ValueReach).ToList();
            if (claimSide && after.Count > 0)
            {
                // A written sentence says what its number counts in the number's own clause: "$9,000 was for the hull, while
                // the fines were $400" says nothing of fines about the $9,000. (After an aside set off right after the
                // number, "$9,000, while large, was…", the words run on as before.)
                var asideFirst = sentence.AsSpan(values[v].End, after[0].Start - values[v].End).IndexOfAny(ClaimText.ClauseMarks) >= 0;
                after = asideFirst ? after : after.TakeWhile(t => t.Clause == after[0].Clause).ToList();
            }

            var useBefore = v == 0 && (!claimSide || after.Count == 0);
            foreach (var t in (useBefore ? before.TakeLast(ValueReach) : []).Concat(after))
            {
                if (stem(t.Text) is { } s && !s.Any(char.IsDigit))
                {
                    context.Add(s);
                }
            }

            result.Add((values[v], context, sentence.Substring(values[v].Start, values[v].Length)));
        }

        // "$1 million in damages, $1.7 million for repairs, and $280,000 in fines, for the first claim": a phrase set
        // off by a comma after the last number of a list (numbers joined by commas, "and" or "or") says what every
        // number of the list is for.
        if (!claimSide && values.Count > 2)
        {
            var tail = tokens.Where(t => t.Start >= values[^1].End).ToList();
            var ownClause = tail.Count > 0 ? tail[0].Clause : -1;
            var setOff = tail.SkipWhile(t => t.Clause == ownClause).ToList();
            var shared = setOff.TakeWhile(t => t.Clause == setOff[0].Clause).Take(ValueReach).Select(t => stem(t.Text)).OfType<string>()
                .Where(s => !s.Any(char.IsDigit)).ToList();
            for (var v = values.Count - 1; shared.Count > 0 && v >= 0; v--)
            {
                result[v].Context.UnionWith(shared);
                var gap = v > 0 ? tokens.Where(t => t.Start >= values[v - 1].End && t.End <= values[v].Start).ToList() : [];
                if (gap.Count == 0 || !(gap[^1].Text is "and" or "or" || sentence.AsSpan(gap[^1].End, values[v].Start - gap[^1].End).Contains(',')))
                {
                    break;
                }
            }
        }

        return result;
    }

    private static IEnumerable<(int Member, bool Negated, string Text, int At)> Mentions(IReadOnlyList<Token> tokens, OutcomeGroup group, ClaimWords words)
    {
        for (var m = 0; m < group.Members.Count; m++)
        {
            foreach (var form in group.Members[m])
            {
                foreach (var at in ClaimText.Find(tokens, form))
                {
                    yield return (m, ClaimText.Negated(tokens, at, words), string.Join(' ', form), at);
                }
            }
        }
    }

    private IEnumerable<(int Member, bool Negated, string Text, int At)> Mentions(IReadOnlyList<Token> tokens, OutcomeGroup group) => Mentions(tokens, group, words);
}
