using BenchmarkDotNet.Attributes;
using CaseBot.Core;
using CaseBot.Core.Answering;
using CaseBot.Core.Articles;
using CaseBot.Core.Retrieval;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CaseBot.Benchmarks;

/// <summary>
/// Micro-benchmarks of the hot paths over the real articles: sentence splitting, question analysis and query building
/// with search, and a whole answer (retrieval plus composition). Run: <c>dotnet run -c Release --project bench/CaseBot.Benchmarks</c>.
/// </summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private const string Question = "How much did the jury award E. Jean Carroll for the sexual abuse?";
    private ServiceProvider _services = null!;
    private IPassageRetriever _retriever = null!;
    private CaseBotChat _chat = null!;
    private string _article = string.Empty;
    private string _index = string.Empty;
    private int _turn;

    [GlobalSetup]
    public void Setup()
    {
        var root = Root();
        _index = Path.Combine(Path.GetTempPath(), "casebot-bdn-" + Guid.NewGuid().ToString("N"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CaseBot:ArticlesPath"] = Path.Combine(root, "index", "articles"),
            ["CaseBot:IndexPath"] = _index,
            ["CaseBot:GlossaryPath"] = Path.Combine(root, "index", "glossary.txt"),
        }).Build();
        _services = new ServiceCollection().AddLogging().AddCaseBot(configuration).BuildServiceProvider();
        _services.GetRequiredService<PassageIndex>().EnsureReady();
        _retriever = _services.GetRequiredService<IPassageRetriever>();
        _chat = _services.GetRequiredService<CaseBotChat>();
        _article = File.ReadAllText(Directory.GetFiles(Path.Combine(root, "index", "articles")).OrderByDescending(f => new FileInfo(f).Length).First());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        Directory.Delete(_index, recursive: true);
    }

    [Benchmark]
    public int ParseArticle() => ArticleParserAccess.Parse(_article);

    [Benchmark]
    public int AnalyzeQuestion() => _retriever.Terms(Question).Count;

    [Benchmark]
    public int Retrieve() => _retriever.Retrieve(new RetrievalRequest(Question)).Passages.Count;

    [Benchmark]
    public async Task<int> Answer() => (await _chat.AskAsync($"b{_turn++}", Question)).Citations.Count;

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CaseBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("CaseBot.sln not found.");
    }
}

/// <summary>Article parsing (paragraphs, captions, sentence splitting) through the public loader types.</summary>
internal static class ArticleParserAccess
{
    public static int Parse(string text)
    {
        var directory = Path.Combine(Path.GetTempPath(), "casebot-bdn-parse");
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, "a.txt");
        if (!File.Exists(file))
        {
            File.WriteAllText(file, text);
        }

        var corpus = new ArticleLoader(Microsoft.Extensions.Logging.Abstractions.NullLogger<ArticleLoader>.Instance).Load(directory);
        return corpus.Passages.Sum(p => p.Sentences.Count);
    }
}
