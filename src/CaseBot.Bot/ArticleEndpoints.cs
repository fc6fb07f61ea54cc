using System.Globalization;
using System.Text.Json.Serialization;
using CaseBot.Core;
using CaseBot.Core.Articles;
using CaseBot.Core.Timeline;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CaseBot.Bot;

/// <summary>
/// The corpus for the web page: <c>GET /api/case</c> (the case profile), <c>GET /api/articles</c> (each article's
/// title, outlet, date and link), <c>GET /api/articles/{file}</c> (one article's text by paragraph, offsets into the
/// file so a citation's <c>[start, end)</c> can be marked) and <c>GET /api/timeline</c> (the dated events, as
/// <c>timeline --json</c> prints them).
/// </summary>
public static class ArticleEndpoints
{
    public static IEndpointRouteBuilder MapArticles(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/case", (IOptions<CaseProfile> profile) =>
            TypedResults.Ok(new CaseJson(profile.Value.Name, profile.Value.Description, profile.Value.ExampleQuestions)));
        api.MapGet("/articles", (ArticleCatalog catalog) =>
            TypedResults.Ok(catalog.Corpus.Articles.Select(a => new ArticleSummaryJson(a.Source, a.Title, a.Outlet, IsoDate(a.Date), a.Url)).ToList()));
        api.MapGet("/articles/{file}", GetArticle);
        api.MapGet("/timeline", (ArticleCatalog catalog) => TypedResults.Ok(catalog.Timeline.Select(TimelineEntryJson.From).ToList()));
        return app;
    }

    /// <summary>Only a file name the corpus holds is served, so no path ever reaches the file system.</summary>
    private static Results<Ok<ArticleJson>, NotFound> GetArticle(string file, ArticleCatalog catalog)
    {
        if (catalog.Find(file) is not { } article)
        {
            return TypedResults.NotFound();
        }

        var paragraphs = Paragraphs(article).Select(p => new ParagraphJson(p.Start, p.End, article.Text[p.Start..p.End], p.Kind)).ToList();
        return TypedResults.Ok(new ArticleJson(article.Source, article.Title, article.Outlet, IsoDate(article.Date), article.Url, paragraphs));
    }

    /// <summary>
    /// The article's paragraphs: its passages, with the parts of a long paragraph (cut at sentence boundaries, with no
    /// line break between them) joined again.
    /// </summary>
    internal static IEnumerable<(int Start, int End, string Kind)> Paragraphs(Article article)
    {
        (int Start, int End, PassageKind Kind)? current = null;
        foreach (var passage in article.Passages.OrderBy(p => p.Start))
        {
            if (current is { } c && c.Kind == passage.Kind && passage.Start >= c.End && !article.Text.AsSpan(c.End, passage.Start - c.End).ContainsAny('\n', '\r'))
            {
                current = (c.Start, passage.End, c.Kind);
                continue;
            }

            if (current is { } done)
            {
                yield return (done.Start, done.End, KindName(done.Kind));
            }

            current = (passage.Start, passage.End, passage.Kind);
        }

        if (current is { } last)
        {
            yield return (last.Start, last.End, KindName(last.Kind));
        }
    }

    private static string KindName(PassageKind kind) => kind switch
    {
        PassageKind.Body => "body",
        PassageKind.Byline => "byline",
        PassageKind.Caption => "caption",
        PassageKind.SocialEmbed => "embed",
        PassageKind.Helpline => "helpline",
        _ => "other",
    };

    private static string? IsoDate(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed record CaseJson(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("description")] string Description,
        [property: JsonPropertyName("exampleQuestions")] IReadOnlyList<string> ExampleQuestions);

    private sealed record ArticleSummaryJson(
        [property: JsonPropertyName("file")] string File,
        [property: JsonPropertyName("title")] string Title,
        [property: JsonPropertyName("outlet")] string? Outlet,
        [property: JsonPropertyName("date")] string? Date,
        [property: JsonPropertyName("url")] string? Url);

    private sealed record ArticleJson(
        [property: JsonPropertyName("file")] string File,
        [property: JsonPropertyName("title")] string Title,
        [property: JsonPropertyName("outlet")] string? Outlet,
        [property: JsonPropertyName("date")] string? Date,
        [property: JsonPropertyName("url")] string? Url,
        [property: JsonPropertyName("paragraphs")] IReadOnlyList<ParagraphJson> Paragraphs);

    private sealed record ParagraphJson(
        [property: JsonPropertyName("start")] int Start,
        [property: JsonPropertyName("end")] int End,
        [property: JsonPropertyName("text")] string Text,
        [property: JsonPropertyName("kind")] string Kind);
}

/// <summary>
/// The articles folder as read on first use (as the passage index reads it once a run), and the timeline built from it.
/// An article file that cannot be used is left out here as it is from the index.
/// </summary>
public sealed class ArticleCatalog
{
    private readonly Lazy<Loaded> _loaded;

    public ArticleCatalog(ArticleLoader loader, TimelineBuilder timeline, IOptions<CaseBotOptions> options)
    {
        _loaded = new Lazy<Loaded>(() =>
        {
            var corpus = loader.Load(options.Value.ResolvePath(options.Value.ArticlesPath));
            return new Loaded(
                corpus,
                corpus.Articles.ToDictionary(a => a.Source, StringComparer.Ordinal),
                new Lazy<IReadOnlyList<TimelineEntry>>(() => timeline.Build(corpus)));
        });
    }

    public Corpus Corpus => _loaded.Value.Corpus;

    public IReadOnlyList<TimelineEntry> Timeline => _loaded.Value.Timeline.Value;

    public Article? Find(string file) => _loaded.Value.ByFile.GetValueOrDefault(file);

    private sealed record Loaded(Corpus Corpus, Dictionary<string, Article> ByFile, Lazy<IReadOnlyList<TimelineEntry>> Timeline);
}
