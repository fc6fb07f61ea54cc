namespace CaseBot.Core.Answering.Verification;

/// <summary>
/// The words that change what a sentence claims, read from a data file (<c>index/claims.txt</c>): reporting verbs
/// (whose clause is someone's account), negations, findings that must be stated by the passage, and outcomes that
/// exclude one another. Forms are lower case and may be several words.
/// </summary>
internal sealed class ClaimWords
{
    public ClaimWords(IEnumerable<string> reporting, IEnumerable<string> negation, IEnumerable<OutcomeGroup> groups, IEnumerable<string>? rulings = null, IEnumerable<string>? deciders = null, IEnumerable<OutcomeGroup>? opposites = null, OutcomeGroup? extremes = null, IEnumerable<string>? addressed = null, IEnumerable<string>? totals = null, IEnumerable<string>? sources = null, IEnumerable<string>? attempts = null, IEnumerable<string>? factive = null, IEnumerable<string>? seeking = null, IEnumerable<string>? titles = null, IEnumerable<string>? hedges = null)
    {
        Hedges = new HashSet<string>(hedges ?? [], StringComparer.OrdinalIgnoreCase);
        Titles = new HashSet<string>(titles ?? [], StringComparer.OrdinalIgnoreCase);
        Seeking = Phrases(seeking ?? []);
        Attempts = new HashSet<string>(attempts ?? [], StringComparer.OrdinalIgnoreCase);
        Totals = Phrases(totals ?? []);
        Sources = new HashSet<string>(sources ?? [], StringComparer.OrdinalIgnoreCase);
        Addressed = new HashSet<string>(addressed ?? [], StringComparer.OrdinalIgnoreCase);
        Opposites = opposites?.ToList() ?? [];
        Extremes = extremes;
        Reporting = Phrases(reporting);
        var factiveForms = new HashSet<string>(factive ?? [], StringComparer.OrdinalIgnoreCase);
        Stating = Phrases(reporting.Where(r => !factiveForms.Contains(r.Trim())));
        Deciders = new HashSet<string>(deciders ?? [], StringComparer.OrdinalIgnoreCase);
        Rulings = Phrases(rulings ?? []);
        Attributing = [.. Reporting, .. Rulings];
        Negation = Phrases(negation);
        Groups = groups.ToList();
        _singleReporting = Reporting.Where(p => p.Length == 1).Select(p => p[0]).ToHashSet(StringComparer.Ordinal);
        _singleAttributing = Attributing.Where(p => p.Length == 1).Select(p => p[0]).ToHashSet(StringComparer.Ordinal);
        _singleDecision = Rulings.Concat(Groups.Where(g => !g.MustBeStated).SelectMany(g => g.Members).SelectMany(m => m))
            .Where(p => p.Length == 1).Select(p => p[0]).ToHashSet(StringComparer.Ordinal);
        _singleNegation = Negation.Where(p => p.Length == 1).Select(p => p[0]).ToHashSet(StringComparer.Ordinal);
    }

    private readonly HashSet<string> _singleReporting;
    private readonly HashSet<string> _singleAttributing;
    private readonly HashSet<string> _singleDecision;
    private readonly HashSet<string> _singleNegation;

    /// <summary>Whether a word (lower case) is a reporting verb on its own ("said", "tweeted").</summary>
    public bool IsReportingWord(string word) => _singleReporting.Contains(word);

    /// <summary>Whether a word (lower case) is a reporting verb or a verb of a decision on its own ("said", "ruled").</summary>
    public bool IsAttributingWord(string word) => _singleAttributing.Contains(word);

    /// <summary>Whether a word (lower case) is a verb of a decision ("ruled") or a one-word outcome ("denied", "upheld").</summary>
    public bool IsDecisionWord(string word) => _singleDecision.Contains(word);

    /// <summary>Whether a word (lower case) is a negation on its own ("not", "never").</summary>
    public bool IsNegationWord(string word) => _singleNegation.Contains(word);

    /// <summary>
    /// What attributes a written sentence to a source: the reporting verbs and the verbs of a decision ("ruled",
    /// "held"). A decision reported in a passage may be stated as fact, so the latter do not make a passage clause an account.
    /// </summary>
    public IReadOnlyList<string[]> Attributing { get; }

    /// <summary>The verbs of a decision ("ruled", "held", "concluded"), each as its words.</summary>
    public IReadOnlyList<string[]> Rulings { get; }

    /// <summary>
    /// Who decides ("judge", "court", "panel"): what a passage reports one of them saying or writing is the decision,
    /// which a sentence may state as fact, not someone's account. Single words, matched ignoring case.
    /// </summary>
    public IReadOnlySet<string> Deciders { get; }

    /// <summary>
    /// Reporting verbs whose account follows the one addressed ("told reporters that…"): followed by the one addressed
    /// and "and", they report nothing ("told two friends and did not go to the police"). Single words.
    /// </summary>
    public IReadOnlySet<string> Addressed { get; }

    /// <summary>Reporting verbs and phrases, each as its words.</summary>
    public IReadOnlyList<string[]> Reporting { get; }

    /// <summary>
    /// The reporting verbs that make a passage's clause someone's account: all but the factive ones ("noted that",
    /// "acknowledged that"), whose clause the writer states as true. A written sentence is attributed by all of them.
    /// </summary>
    public IReadOnlyList<string[]> Stating { get; }

    /// <summary>Negations, each as its words.</summary>
    public IReadOnlyList<string[]> Negation { get; }

    /// <summary>
    /// Words that, said of the same thing, contradict one another ("long" / "short", "first" / "second"): checked only
    /// against the passage sentence a claim rests on, and only when that sentence lacks the claim's word.
    /// </summary>
    public IReadOnlyList<OutcomeGroup> Opposites { get; }

    /// <summary>
    /// Words that single out the least and the greatest of several values ("the smallest part", "the largest award"):
    /// the first member is the least, the second the greatest. Null when the file has no <c>[extremes]</c> section.
    /// </summary>
    public OutcomeGroup? Extremes { get; }

    /// <summary>
    /// Words that say an amount is a sum ("in total", "altogether", "plus"): in a sentence with one of them, an amount
    /// the passage does not state may be the sum of amounts it does ("$300,000 in all: $20,000 plus $280,000").
    /// </summary>
    public IReadOnlyList<string[]> Totals { get; }

    /// <summary>Words of seeking ("seeking", "asked that", "request"), each as its words: what they ask for is not had or done.</summary>
    public IReadOnlyList<string[]> Seeking { get; }

    /// <summary>Words of trying ("attempts", "tried"): an outcome after one in its clause was tried for, not reached.</summary>
    public IReadOnlySet<string> Attempts { get; }

    /// <summary>Words naming the articles themselves ("the articles say…"): where a sentence says it got a fact, not part of the fact.</summary>
    public IReadOnlySet<string> Sources { get; }

    /// <summary>Words that make what follows in their clause a possibility ("could", "possibility", "hopes"): single words.</summary>
    public IReadOnlySet<string> Hedges { get; }

    /// <summary>Titles written before a name ("judge", "dr", "senator"): single words, matched ignoring case.</summary>
    public IReadOnlySet<string> Titles { get; }

    /// <summary>Findings and outcomes, in groups whose members exclude one another.</summary>
    public IReadOnlyList<OutcomeGroup> Groups { get; }

    /// <summary>The file at <paramref name="path"/>, or, when there is none, the copy of <c>index/claims.txt</c> built into CaseBot.</summary>
    public static ClaimWords Load(string path)
    {
        if (File.Exists(path))
        {
            return Parse(File.ReadLines(path));
        }

        using var stream = typeof(ClaimWords).Assembly.GetManifestResourceStream("CaseBot.Verification.claims.txt")
            ?? throw new InvalidOperationException("The built-in claim words (index/claims.txt) are missing from the build.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd().Split('\n'));
    }

    public static ClaimWords Parse(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var sections = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        List<string>? current = null;
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                var name = line[1..^1].Trim();
                if (!Sections.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    throw new FormatException($"The claim words file has an unknown section [{name}]; expected {string.Join(", ", Sections.Select(k => $"[{k}]"))}.");
                }

                current = sections[name] = [];
                continue;
            }

            current = current ?? throw new FormatException($"The claim words line \"{line}\" is not under a [section].");
            current.Add(line);
        }

        return new ClaimWords(
            Forms(string.Join(',', sections.GetValueOrDefault("reporting") ?? [])),
            Forms(string.Join(',', sections.GetValueOrDefault("negation") ?? [])),
            Group(sections.GetValueOrDefault("findings"), mustBeStated: true).Concat(Group(sections.GetValueOrDefault("outcomes"), mustBeStated: false)),
            Forms(string.Join(',', sections.GetValueOrDefault("rulings") ?? [])),
            Forms(string.Join(',', sections.GetValueOrDefault("deciders") ?? [])),
            Group(sections.GetValueOrDefault("opposites"), mustBeStated: false),
            Group(sections.GetValueOrDefault("extremes"), mustBeStated: false).FirstOrDefault(g => g.Members.Count == 2),
            Forms(string.Join(',', sections.GetValueOrDefault("addressed") ?? [])),
            Forms(string.Join(',', sections.GetValueOrDefault("totals") ?? [])),
            Forms(string.Join(',', sections.GetValueOrDefault("sources") ?? [])),
            Forms(string.Join(',', sections.GetValueOrDefault("attempts") ?? [])),
            Forms(string.Join(',', sections.GetValueOrDefault("factive") ?? [])),
            Forms(string.Join(',', sections.GetValueOrDefault("seeking") ?? [])),
            Forms(string.Join(',', sections.GetValueOrDefault("titles") ?? [])),
            Forms(string.Join(',', sections.GetValueOrDefault("hedges") ?? [])));
    }

    private static readonly string[] Sections = ["reporting", "addressed", "rulings", "deciders", "negation", "findings", "outcomes", "opposites", "extremes", "totals", "sources", "attempts", "factive", "seeking", "titles", "hedges"];

    private static IEnumerable<OutcomeGroup> Group(List<string>? lines, bool mustBeStated) =>
        (lines ?? []).Select(line => new OutcomeGroup(line.Split('|').Select(member => (IReadOnlyList<string[]>)Phrases(Forms(member))).ToList(), mustBeStated));

    private static List<string> Forms(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static List<string[]> Phrases(IEnumerable<string> forms) =>
        forms.Select(f => ClaimText.Tokens(f).Select(t => t.Text).ToArray()).Where(w => w.Length > 0).ToList();
}

/// <summary>
/// Outcomes that exclude one another (each member a list of forms, each form its words). Findings (<see cref="MustBeStated"/>)
/// may be stated only when the passage states them too.
/// </summary>
internal sealed record OutcomeGroup(IReadOnlyList<IReadOnlyList<string[]>> Members, bool MustBeStated);
