using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace CaseBot.Core.Articles;

/// <summary>
/// Reads every <c>.txt</c> and <c>.md</c> file of an articles folder (plus the optional <c>articles.json</c>
/// metadata). Files that are empty or not UTF-8 are reported and skipped; they never stop the rest.
/// </summary>
public sealed partial class ArticleLoader(ILogger<ArticleLoader> logger)
{
    public const string MetadataFileName = "articles.json";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The article files of a folder, in a stable order.</summary>
    public static IReadOnlyList<string> ArticleFiles(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The articles folder '{Path.GetFullPath(directory)}' does not exist. Set CaseBot:ArticlesPath or pass --articles DIR.");
        }

        return Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>A hash of the names and bytes of the article files and the metadata file: it changes when the corpus does.</summary>
    public static string ComputeContentHash(string directory)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var files = ArticleFiles(directory).ToList();
        var metadata = Path.Combine(directory, MetadataFileName);
        if (File.Exists(metadata))
        {
            files.Add(metadata);
        }

        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\n"));
            hash.AppendData(File.ReadAllBytes(file));
            hash.AppendData("\n\0"u8);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public Corpus Load(string directory)
    {
        var files = ArticleFiles(directory);
        var metadata = LoadMetadata(directory);
        var articles = new List<Article>(files.Count);
        var skipped = new List<SkippedFile>();
        foreach (var file in files)
        {
            var source = Path.GetFileName(file);
            var text = ReadText(file, out var problem);
            if (problem is not null)
            {
                Log.SkippedArticle(logger, source, problem);
                skipped.Add(new SkippedFile(source, problem));
                continue;
            }

            var article = ArticleParser.Parse(source, text!, metadata.GetValueOrDefault(source));
            if (!article.Passages.Any(p => p.IsCitable))
            {
                const string reason = "it has no paragraphs of article text";
                Log.SkippedArticle(logger, source, reason);
                skipped.Add(new SkippedFile(source, reason));
                continue;
            }

            articles.Add(article);
        }

        return new Corpus(articles, skipped, ComputeContentHash(directory));
    }

    private static string? ReadText(string file, out string? problem)
    {
        problem = null;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(file);
        }
        catch (IOException ex)
        {
            problem = $"it could not be read ({ex.Message})";
            return null;
        }
        catch (UnauthorizedAccessException ex)
        {
            problem = $"it could not be read ({ex.Message})";
            return null;
        }

        // A byte-order mark stays in the text (as U+FEFF) so that offsets match a plain UTF-8 reading of the file.
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            problem = "it is not valid UTF-8 text";
            return null;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "it is empty";
            return null;
        }

        return text;
    }

    private Dictionary<string, ArticleMetadata> LoadMetadata(string directory)
    {
        var path = Path.Combine(directory, MetadataFileName);
        if (!File.Exists(path))
        {
            return [];
        }

        try
        {
            var entries = JsonSerializer.Deserialize<Dictionary<string, ArticleMetadata>>(File.ReadAllText(path), JsonOptions);
            return entries is null ? [] : new Dictionary<string, ArticleMetadata>(entries, StringComparer.Ordinal);
        }
        catch (JsonException ex)
        {
            Log.BadMetadata(logger, path, ex.Message);
            return [];
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped article {Source}: {Reason}")]
        public static partial void SkippedArticle(ILogger logger, string source, string reason);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored article metadata {Path}: {Error}")]
        public static partial void BadMetadata(ILogger logger, string path, string error);
    }
}
