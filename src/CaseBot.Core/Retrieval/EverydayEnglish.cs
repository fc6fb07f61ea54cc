using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;

namespace CaseBot.Core.Retrieval;

/// <summary>
/// How often words occur in everyday English (SUBTLEX-US word counts, <c>english-word-frequencies.txt</c>, embedded),
/// by the stems <see cref="CaseAnalyzer"/> gives them. Set against a corpus's own word frequencies, it tells the words
/// a corpus is about ("defamation", a party's name: far more frequent there than in everyday English) from words any
/// text has ("won", "year"). The word list is read once per process; a stem's count is summed the first time it is
/// asked for, over the listed words that begin like it and have that stem (a stem is a prefix of its words but for its
/// last letter: "hope" of "hoping", "happi" of "happy"), so start-up does not stem 27,000 words.
/// </summary>
internal static class EverydayEnglish
{
    private const string ResourceName = "CaseBot.Retrieval.english-word-frequencies.txt";

    /// <summary>What a stem the list lacks counts as: the list holds words seen 20 times or more.</summary>
    private const long UnlistedCount = 10;

    private const int MaxRemembered = 100_000;

    private static readonly Lazy<(string[] Words, long[] Counts, double Total)> Table = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly ConcurrentDictionary<string, long> StemCounts = new(StringComparer.Ordinal);

    private static readonly CaseAnalyzer Analyzer = new();

    /// <summary>Starts reading the word list in the background, so it overlaps the rest of start-up.</summary>
    public static void Warm() => _ = Task.Run(() => Table.Value);

    /// <summary>
    /// The natural log of the stem's share of everyday English words; a stem the list lacks counts as
    /// <see cref="UnlistedCount"/> (rarer than any it lists), not as never seen.
    /// </summary>
    public static double LogFrequency(string stem)
    {
        ArgumentNullException.ThrowIfNull(stem);
        return Math.Log(Math.Max(UnlistedCount, StemCount(stem)) / Table.Value.Total);
    }

    /// <summary>Whether everyday English has this word as written (case aside): it is in the list.</summary>
    public static bool IsWord(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return Array.BinarySearch(Table.Value.Words, word.ToLowerInvariant(), StringComparer.Ordinal) >= 0;
    }

    /// <summary>How many times the listed words with this stem occur in the 50 million words (0 when none is listed).</summary>
    internal static long StemCount(string stem) => StemCounts.GetOrAddBounded(stem, Count, MaxRemembered);

    private static long Count(string stem)
    {
        var (words, counts, _) = Table.Value;
        var prefix = stem.Length >= 3 ? stem[..^1] : stem[..Math.Min(1, stem.Length)];
        var i = Array.BinarySearch(words, prefix, StringComparer.Ordinal);
        var total = 0L;
        for (i = i < 0 ? ~i : i; i < words.Length && words[i].StartsWith(prefix, StringComparison.Ordinal); i++)
        {
            if (Analyzer.Terms(words[i]) is [var wordStem] && string.Equals(wordStem, stem, StringComparison.Ordinal))
            {
                total += counts[i];
            }
        }

        return total;
    }

    private static (string[], long[], double) Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The word frequencies '{ResourceName}' are missing from the build.");
        using var reader = new StreamReader(stream);
        var entries = new List<(string Word, long Count)>(28_000);
        double total = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith("# total ", StringComparison.Ordinal))
            {
                total = double.Parse(line.AsSpan(8), CultureInfo.InvariantCulture);
            }
            else if (line.Length > 0 && line[0] != '#' && line.IndexOf('\t', StringComparison.Ordinal) is var tab and > 0)
            {
                entries.Add((line[..tab], long.Parse(line.AsSpan(tab + 1), CultureInfo.InvariantCulture)));
            }
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.Word, b.Word));
        var words = new string[entries.Count];
        var counts = new long[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            (words[i], counts[i]) = entries[i];
        }

        return (words, counts, total > 0 ? total : counts.Sum());
    }
}
