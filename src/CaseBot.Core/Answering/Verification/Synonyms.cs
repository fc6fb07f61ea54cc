using System.Reflection;
using CaseBot.Core.Retrieval;

namespace CaseBot.Core.Answering.Verification;

/// <summary>
/// Everyday English words that mean the same in their first sense ("reply" / "answer", "happen" / "occur"), from
/// WordNet 3.0 (<c>synonyms.txt</c>, embedded; made by <c>tools/make-synonyms.py</c>), by the stems
/// <see cref="CaseAnalyzer"/> gives them. The verifier counts a word of a model's sentence as said by a passage that
/// has one of its synonyms. Only pairs where each word is in the other's first sense are listed: synonyms, not antonyms
/// or merely related words (which a sentence encoder scores alike). Generic English: nothing of any case.
/// </summary>
internal static class Synonyms
{
    private const string ResourceName = "CaseBot.Verification.synonyms.txt";

    private static readonly Lazy<Dictionary<string, string[]>> Table = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Whether <paramref name="texts"/> holds a synonym of the stem.</summary>
    public static bool AnyIn(string stem, IReadOnlySet<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return Table.Value.TryGetValue(stem, out var near) && near.Any(texts.Contains);
    }

    private static Dictionary<string, string[]> Load()
    {
        var analyzer = new CaseAnalyzer();
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The synonyms '{ResourceName}' are missing from the build.");
        using var reader = new StreamReader(stream);
        var table = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // Stop words have no stem ("hap"); a word whose stem is its synonym's adds nothing.
            if (analyzer.Terms(words[0]) is not [var stem])
            {
                continue;
            }

            foreach (var other in words.Skip(1))
            {
                if (analyzer.Terms(other) is [var near] && near != stem)
                {
                    (table.TryGetValue(stem, out var set) ? set : table[stem] = new HashSet<string>(StringComparer.Ordinal)).Add(near);
                }
            }
        }

        return table.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
    }
}
