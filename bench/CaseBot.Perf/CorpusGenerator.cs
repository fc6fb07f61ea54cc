using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CaseBot.Core.Articles;

namespace CaseBot.Perf;

/// <summary>
/// Writes a larger, realistic corpus for measurements: articles made of the real articles' sentences recombined, with
/// the people, dates and amounts varied, so that retrieval has many near-miss distractors to get past. The real
/// articles are copied in too, so the development questions still have their answers. Deterministic for a seed.
/// </summary>
internal static partial class CorpusGenerator
{
    private static readonly string[] FirstNames =
    [
        "Alice", "Brian", "Carmen", "Daniel", "Elena", "Frank", "Grace", "Hector", "Irene", "James", "Karen", "Luis",
        "Maria", "Nathan", "Olivia", "Peter", "Quinn", "Rosa", "Samuel", "Teresa", "Umar", "Vera", "Walter", "Yasmin",
    ];

    private static readonly string[] LastNames =
    [
        "Abbott", "Barrett", "Castillo", "Dawson", "Ellison", "Fletcher", "Garrison", "Holloway", "Ingram", "Jennings",
        "Keller", "Lambert", "Mercer", "Norwood", "Osborne", "Pruitt", "Quincy", "Ramsey", "Sutton", "Thornton",
        "Underwood", "Vance", "Whitaker", "Yates", "Zimmerman", "Harlow", "Marsh", "Booker", "Calloway", "Delaney",
    ];

    private static readonly string[] Months =
    [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ];

    private static readonly HashSet<string> KeptWords = new(
    [
        "Mr", "Ms", "Mrs", "Dr", "Judge", "President", "Former", "The", "He", "She", "His", "Her", "It", "They", "In", "On",
        "But", "And", "After", "Before", "When", "While", "This", "That", "New", "York", "District", "Court", "Justice",
        "Department", "Republican", "Democrat", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
        .. Months, .. FirstNames, .. LastNames,
    ], StringComparer.Ordinal);

    public sealed record Result(int Articles, int Passages, long Bytes);

    public static Result Generate(string realArticles, string outDir, int passages, int seed, Action<int>? progress = null)
    {
        var real = new ArticleLoader(Microsoft.Extensions.Logging.Abstractions.NullLogger<ArticleLoader>.Instance).Load(realArticles);
        var pool = real.Passages.Where(p => p.IsCitable).SelectMany(p => p.Sentences.Select(p.SentenceText)).Where(s => s.Length > 40).ToList();
        if (pool.Count == 0)
        {
            throw new InvalidOperationException($"No article sentences found in {realArticles}.");
        }

        Directory.CreateDirectory(outDir);
        var random = new Random(seed);
        var written = 0;
        long bytes = 0;
        var articles = 0;
        foreach (var article in real.Articles)
        {
            File.WriteAllText(Path.Combine(outDir, article.Source), article.Text);
            written += article.Passages.Count(p => p.IsCitable);
            bytes += Encoding.UTF8.GetByteCount(article.Text);
            articles++;
        }

        while (written < passages)
        {
            var plaintiff = $"{Pick(random, FirstNames)} {Pick(random, LastNames)}";
            var defendant = $"{Pick(random, FirstNames)} {Pick(random, LastNames)}";
            var judge = Pick(random, LastNames);
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            var date = new DateOnly(2015, 1, 1).AddDays(random.Next(0, 3650));
            var paragraphs = Math.Min(passages - written, random.Next(8, 16));
            var text = new StringBuilder();
            text.Append(" date ").Append(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(' ');
            for (var p = 0; p < paragraphs; p++)
            {
                var sentences = random.Next(1, 4);
                for (var s = 0; s < sentences; s++)
                {
                    text.Append(s == 0 ? string.Empty : " ").Append(Vary(Pick(random, pool), random, plaintiff, defendant, judge, names));
                }

                text.Append("\n\n");
            }

            var name = $"gen_{articles:D6}.txt";
            var content = text.ToString();
            File.WriteAllText(Path.Combine(outDir, name), content);
            bytes += Encoding.UTF8.GetByteCount(content);
            written += paragraphs;
            articles++;
            if (articles % 1000 == 0)
            {
                progress?.Invoke(written);
            }
        }

        return new Result(articles, written, bytes);
    }

    /// <summary>The sentence with its people, amounts, years and months replaced by this article's own.</summary>
    private static string Vary(string sentence, Random random, string plaintiff, string defendant, string judge, Dictionary<string, string> names)
    {
        var plaintiffLast = plaintiff[(plaintiff.IndexOf(' ', StringComparison.Ordinal) + 1)..];
        var defendantLast = defendant[(defendant.IndexOf(' ', StringComparison.Ordinal) + 1)..];
        var s = FullCarroll().Replace(sentence, plaintiff);
        s = FullTrump().Replace(s, defendant);
        s = s.Replace("Carroll", plaintiffLast, StringComparison.Ordinal)
            .Replace("Trump", defendantLast, StringComparison.Ordinal)
            .Replace("Kaplan", judge, StringComparison.Ordinal);
        s = Money().Replace(s, _ => $"${random.Next(1, 500)}{(random.Next(2) == 0 ? "m" : " million")}");
        s = Year().Replace(s, _ => random.Next(1990, 2025).ToString(CultureInfo.InvariantCulture));
        s = Month().Replace(s, _ => Pick(random, Months));

        // Every other name (people, stores, outlets) becomes this article's own, consistently within the article.
        return OtherName().Replace(s, m => KeptWords.Contains(m.Value) || m.Index == 0
            ? m.Value
            : names.TryGetValue(m.Value, out var name) ? name : names[m.Value] = Pick(random, LastNames));
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    [GeneratedRegex(@"\b\p{Lu}\p{Ll}{2,}\b")]
    private static partial Regex OtherName();

    [GeneratedRegex(@"E\.? Jean Carroll")]
    private static partial Regex FullCarroll();

    [GeneratedRegex(@"Donald (J\. )?Trump")]
    private static partial Regex FullTrump();

    [GeneratedRegex(@"\$\d+(\.\d+)?\s?(m|million|bn|billion)\b")]
    private static partial Regex Money();

    [GeneratedRegex(@"\b(19[5-9]\d|20[0-2]\d)\b")]
    private static partial Regex Year();

    [GeneratedRegex(@"\b(January|February|March|April|June|July|August|September|October|November|December)\b")]
    private static partial Regex Month();
}
