using System.Globalization;
using System.Text.RegularExpressions;

namespace CaseBot.Core.Articles;

/// <summary>
/// Turns an article file's text into an <see cref="Article"/>: date header, byline, title, and passages with
/// sentence offsets. Captions, social-media embeds and helpline lists stay in the text but are marked: none is quoted
/// as an answer; captions and embeds are asides a model may read (<see cref="Passage.IsAside"/>).
/// </summary>
internal static partial class ArticleParser
{
    /// <summary>Paragraphs longer than this are cut at sentence boundaries into passages of about this size.</summary>
    public const int MaxPassageLength = 700;

    /// <summary>A title taken from the first sentence (no <c>articles.json</c> title) is cut to this, at a word boundary.</summary>
    public const int MaxDerivedTitleLength = 90;

    public static Article Parse(string source, string text, ArticleMetadata? metadata = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentNullException.ThrowIfNull(text);

        var paragraphs = FindParagraphs(text);
        DateOnly? date = null;
        if (paragraphs.Count > 0)
        {
            var header = DateHeader().Match(text, paragraphs[0].Span.Start, paragraphs[0].Span.Length);
            if (header.Success && header.Index == paragraphs[0].Span.Start)
            {
                if (DateOnly.TryParseExact(header.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                {
                    date = parsed;
                }

                var rest = new TextSpan(header.Index + header.Length, paragraphs[0].Span.End);
                paragraphs[0] = paragraphs[0] with { Span = rest };
                if (rest.Length <= 0)
                {
                    paragraphs.RemoveAt(0);
                }
            }
        }

        var kinds = Classify(text, paragraphs);
        string? byline = null;
        for (var p = 0; p < paragraphs.Count; p++)
        {
            if (kinds[p] == PassageKind.Byline)
            {
                byline = text.Substring(paragraphs[p].Span.Start, paragraphs[p].Span.Length);
                break;
            }
        }

        date = metadata?.Date ?? date;
        var title = metadata?.Title;
        var pending = new List<(TextSpan Span, PassageKind Kind, List<TextSpan> Sentences)>();
        for (var p = 0; p < paragraphs.Count; p++)
        {
            var span = paragraphs[p].Span;
            var sentences = SentenceSplitter.Split(text, span.Start, span.End);
            foreach (var chunk in CutLong(span, sentences))
            {
                pending.Add((chunk.Span, kinds[p], chunk.Sentences));
            }
        }

        title ??= DeriveTitle(text, pending.Where(x => x.Kind == PassageKind.Body).Select(x => x.Sentences).FirstOrDefault())
            ?? Path.GetFileNameWithoutExtension(source);

        var passages = new List<Passage>(pending.Count);
        for (var i = 0; i < pending.Count; i++)
        {
            var (span, kind, sentences) = pending[i];
            passages.Add(new Passage(
                $"{source}#{i}",
                source,
                title,
                date,
                span.Start,
                span.End,
                text.Substring(span.Start, span.Length),
                kind,
                sentences)
            {
                Outlet = metadata?.Outlet,
            });
        }

        return new Article(source, title, date, byline, metadata?.Outlet, metadata?.Url, text, passages);
    }

    private static List<Paragraph> FindParagraphs(string text)
    {
        var paragraphs = new List<Paragraph>();
        var blankLinesBefore = 0;
        int? start = null;
        var end = 0;
        var pos = 0;
        while (pos <= text.Length)
        {
            var lineEnd = text.IndexOf('\n', pos);
            if (lineEnd < 0)
            {
                lineEnd = text.Length;
            }

            var isBlank = string.IsNullOrWhiteSpace(text.AsSpan(pos, lineEnd - pos).ToString());
            if (isBlank)
            {
                if (start is not null)
                {
                    paragraphs.Add(Trimmed(text, start.Value, end, blankLinesBefore));
                    start = null;
                    blankLinesBefore = 0;
                }

                blankLinesBefore++;
            }
            else
            {
                start ??= pos;
                end = lineEnd;
            }

            pos = lineEnd + 1;
        }

        if (start is not null)
        {
            paragraphs.Add(Trimmed(text, start.Value, end, blankLinesBefore));
        }

        return paragraphs;
    }

    private static Paragraph Trimmed(string text, int start, int end, int blankLinesBefore)
    {
        while (start < end && (char.IsWhiteSpace(text[start]) || text[start] == '\uFEFF'))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return new Paragraph(new TextSpan(start, end), blankLinesBefore);
    }

    private static PassageKind[] Classify(string text, List<Paragraph> paragraphs)
    {
        var kinds = new PassageKind[paragraphs.Count];
        var inHelpline = false;
        for (var p = 0; p < paragraphs.Count; p++)
        {
            var body = text.Substring(paragraphs[p].Span.Start, paragraphs[p].Span.Length);
            if (p == 0 && Byline().IsMatch(body))
            {
                kinds[p] = PassageKind.Byline;
            }
            else if (HelplineHeading().IsMatch(body))
            {
                kinds[p] = PassageKind.Helpline;
                inHelpline = true;
            }
            else if (inHelpline && (body.StartsWith('•') || body.StartsWith('-') || body.StartsWith('*') || PhoneNumber().IsMatch(body)))
            {
                kinds[p] = PassageKind.Helpline;
            }
            else if (Helpline().IsMatch(body) && PhoneNumber().IsMatch(body))
            {
                kinds[p] = PassageKind.Helpline;
            }
            else if (Caption().IsMatch(body))
            {
                kinds[p] = PassageKind.Caption;
            }
            else if (SocialSignature().IsMatch(body) || body.Contains("https://t.co/", StringComparison.Ordinal) || body.Contains("pic.twitter.com", StringComparison.Ordinal))
            {
                kinds[p] = PassageKind.SocialEmbed;

                // A multi-paragraph embed (a letter in a post) is set off by extra blank lines from its own parts.
                for (var q = p; q > 0 && paragraphs[q].BlankLinesBefore >= 2 && kinds[q - 1] == PassageKind.Body; q--)
                {
                    kinds[q - 1] = PassageKind.SocialEmbed;
                }
            }
            else
            {
                kinds[p] = PassageKind.Body;
                inHelpline = false;
            }
        }

        return kinds;
    }

    private static IEnumerable<(TextSpan Span, List<TextSpan> Sentences)> CutLong(TextSpan paragraph, List<TextSpan> sentences)
    {
        if (paragraph.Length <= MaxPassageLength || sentences.Count <= 1)
        {
            yield return (paragraph, sentences);
            yield break;
        }

        var chunk = new List<TextSpan>();
        foreach (var sentence in sentences)
        {
            if (chunk.Count > 0 && sentence.End - chunk[0].Start > MaxPassageLength)
            {
                yield return (new TextSpan(chunk[0].Start, chunk[^1].End), chunk);
                chunk = [];
            }

            chunk.Add(sentence);
        }

        if (chunk.Count > 0)
        {
            yield return (new TextSpan(chunk[0].Start, chunk[^1].End), chunk);
        }
    }

    private static string? DeriveTitle(string text, List<TextSpan>? firstBodySentences)
    {
        if (firstBodySentences is not { Count: > 0 })
        {
            return null;
        }

        return ShortText.Cut(text.Substring(firstBodySentences[0].Start, firstBodySentences[0].Length).TrimEnd('.'), MaxDerivedTitleLength);
    }

    private readonly record struct Paragraph(TextSpan Span, int BlankLinesBefore);

    [GeneratedRegex(@"\Gdate\s+(?<date>\d{4}-\d{2}-\d{2})\s*", RegexOptions.IgnoreCase)]
    private static partial Regex DateHeader();

    [GeneratedRegex(@"^By\s+\p{Lu}[\p{L}.'’-]*(\s+\p{Lu}[\p{L}.'’-]*){1,8}$")]
    private static partial Regex Byline();

    [GeneratedRegex(@"(Photos?|Pictures?|Images?|Credit)\s*[/:|]\s*\p{Lu}|©|\((Photo|Image|Credit)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Caption();

    [GeneratedRegex(@"\(@\w{1,30}\)\s+\p{Lu}\p{Ll}+\.?\s+\d{1,2},\s+\d{4}")]
    private static partial Regex SocialSignature();

    [GeneratedRegex(@"^(Where to get help|Where to find help|If you need help|Need help|Help ?lines?|Support services)\b.{0,40}:?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex HelplineHeading();

    [GeneratedRegex(@"help ?line|crisis line|hotline|confidential support", RegexOptions.IgnoreCase)]
    private static partial Regex Helpline();

    [GeneratedRegex(@"\b\d{2,4}[ -]?\d{2,4}[ -]?\d{2,4}\b|\bcall \d{3}\b|\btext \d{3,}", RegexOptions.IgnoreCase)]
    private static partial Regex PhoneNumber();
}
