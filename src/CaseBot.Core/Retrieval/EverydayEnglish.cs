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

    /// <summary>The natural log of the stem's share of everyday English words (add-one smoothed: an unknown stem counts once).</summary>
    public static double LogFrequency(string stem)
    {
        ArgumentNullException.ThrowIfNull(stem);
        var (counts, total) = Table.Value;
        return Math.Log((counts.GetValueOrDefault(stem) + 1) / total);
    }

    private static (Dictionary<string, long>, double) Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The word frequencies '{ResourceName}' are missing from the build.");
        using var reader = new StreamReader(stream);
        var words = new List<(string Word, long Count)>();
        double total = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith("# total ", StringComparison.Ordinal))
            {
                total = double.Parse(line.AsSpan(8), CultureInfo.InvariantCulture);
            }
            else if (line.Length > 0 && line[0] != '#' && line.IndexOf('\t', StringComparison.Ordinal) is var tab and > 0)
            {
                words.Add((line[..tab], long.Parse(line.AsSpan(tab + 1), CultureInfo.InvariantCulture)));
            }
        }

        // One pass of the analyzer over all the words (one per line) gives each its stem; stop words give none.
        using var analyzer = new CaseAnalyzer();
        var text = string.Join('\n', words.Select(w => w.Word));
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var index = words.Select((w, i) => (w.Word, i)).ToDictionary(x => x.Word, x => x.i, StringComparer.Ordinal);
        foreach (var (stem, word) in analyzer.TermsWithWords(text))
        {
            if (index.TryGetValue(word, out var i))
            {
                counts[stem] = counts.GetValueOrDefault(stem) + words[i].Count;
            }
        }

        return (counts, Math.Max(total, words.Sum(w => (double)w.Count)));
    }
}
