using System.Globalization;
using System.Reflection;

namespace CaseBot.Core.Retrieval;

/// <summary>
/// How often words occur in everyday English (SUBTLEX-US word counts, <c>english-word-frequencies.txt</c>, embedded),
/// by the stems <see cref="CaseAnalyzer"/> gives them. Set against a corpus's own word frequencies, it tells the words
/// a corpus is about ("defamation", a party's name: far more frequent there than in everyday English) from words any
/// text has ("won", "year"). Loaded once per process, on first use.
/// </summary>
internal static class EverydayEnglish
{
    private const string ResourceName = "CaseBot.Retrieval.english-word-frequencies.txt";

    private static readonly Lazy<(Dictionary<string, long> Counts, double Total)> Table = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Starts loading the table in the background, so it overlaps the rest of start-up.</summary>
    public static void Warm() => _ = Task.Run(() => Table.Value);

    /// <summary>
    /// The natural log of the stem's share of everyday English words. The table lists words seen at least 20 times in
    /// its 50 million; a stem it lacks counts as 10 (rarer than any it lists), not as never seen.
    /// </summary>
    public static double LogFrequency(string stem)
    {
        ArgumentNullException.ThrowIfNull(stem);
        var (counts, total) = Table.Value;
        return Math.Log(Math.Max(UnlistedCount, counts.GetValueOrDefault(stem)) / total);
    }

    private const long UnlistedCount = 10;

    private static (Dictionary<string, long>, double) Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The word frequencies '{ResourceName}' are missing from the build.");
        using var reader = new StreamReader(stream);
        var wordCounts = new Dictionary<string, long>(32_000, StringComparer.Ordinal);
        var text = new System.Text.StringBuilder(400_000);
        double total = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith("# total ", StringComparison.Ordinal))
            {
                total = double.Parse(line.AsSpan(8), CultureInfo.InvariantCulture);
            }
            else if (line.Length > 0 && line[0] != '#' && line.IndexOf('\t', StringComparison.Ordinal) is var tab and > 0)
            {
                var word = line[..tab];
                wordCounts[word] = long.Parse(line.AsSpan(tab + 1), CultureInfo.InvariantCulture);
                text.Append(word).Append('\n');
            }
        }

        // One pass of the analyzer over all the words (one per line) gives each its stem; stop words give none.
        using var analyzer = new CaseAnalyzer();
        var counts = new Dictionary<string, long>(wordCounts.Count, StringComparer.Ordinal);
        foreach (var (stem, word) in analyzer.TermsWithWords(text.ToString()))
        {
            if (wordCounts.TryGetValue(word, out var count))
            {
                counts[stem] = counts.GetValueOrDefault(stem) + count;
            }
        }

        return (counts, total > 0 ? total : wordCounts.Values.Sum());
    }
}
