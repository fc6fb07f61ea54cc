namespace CaseBot.Core.Retrieval;

/// <summary>
/// The case glossary: groups of names and words that mean the same thing in this case (Carroll / the columnist,
/// award / damages, lawyer / attorney, Carroll I / first lawsuit). Read from a text file a user can edit, one group
/// per line separated by <c>|</c>; compared after stemming.
/// </summary>
internal sealed class Glossary
{
    private readonly List<string[][]> _groups;

    private Glossary(List<string[][]> groups) => _groups = groups;

    public static Glossary Empty { get; } = new([]);

    public int GroupCount => _groups.Count;

    public static Glossary Parse(IEnumerable<string> lines, CaseAnalyzer analyzer)
    {
        var groups = new List<string[][]>();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var members = line.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(m => analyzer.Terms(m).ToArray())
                .Where(m => m.Length > 0)
                .DistinctBy(m => string.Join(' ', m))
                .ToArray();
            if (members.Length > 1)
            {
                groups.Add(members);
            }
        }

        return new Glossary(groups);
    }

    public static Glossary Load(string path, CaseAnalyzer analyzer) =>
        File.Exists(path) ? Parse(File.ReadLines(path), analyzer) : Empty;

    /// <summary>The case glossary and the generic English word forms together (either file may be missing).</summary>
    public static Glossary Load(IEnumerable<string> paths, CaseAnalyzer analyzer) =>
        Parse(paths.Where(File.Exists).SelectMany(File.ReadLines), analyzer);

    /// <summary>
    /// Every place where a glossary member occurs in <paramref name="terms"/> (stems, in order), with the other
    /// members of its group as alternatives.
    /// </summary>
    public List<GlossaryMatch> Match(IReadOnlyList<string> terms)
    {
        var matches = new List<GlossaryMatch>();
        foreach (var group in _groups)
        {
            foreach (var member in group)
            {
                for (var i = 0; i + member.Length <= terms.Count; i++)
                {
                    if (!Occurs(terms, i, member))
                    {
                        continue;
                    }

                    var alternatives = group.Where(m => !ReferenceEquals(m, member)).ToArray();
                    matches.Add(new GlossaryMatch(i, member.Length, alternatives));
                }
            }
        }

        return matches;
    }

    private static bool Occurs(IReadOnlyList<string> terms, int at, string[] member)
    {
        for (var k = 0; k < member.Length; k++)
        {
            if (!string.Equals(terms[at + k], member[k], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>A glossary member found at <c>[Start, Start+Length)</c> of a term list, and what else it may be called.</summary>
internal sealed record GlossaryMatch(int Start, int Length, string[][] Alternatives);
