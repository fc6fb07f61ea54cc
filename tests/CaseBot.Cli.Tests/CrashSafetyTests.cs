using System.Diagnostics;
using CaseBot.Core;
using CaseBot.Core.Retrieval;
using CaseBot.Perf;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CaseBot.Cli.Tests;

/// <summary>
/// A real <c>index</c> process is killed (SIGKILL) at random points of a rebuild, again and again; every time, the
/// next start finds a valid index (old or new) and opens it without rebuilding.
/// </summary>
public sealed class CrashSafetyTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "casebot-crash-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task KilledMidRebuild_NextStartFindsAValidIndex()
    {
        var corpus = Path.Combine(_root, "articles");
        var index = Path.Combine(_root, "lucene");
        CorpusGenerator.Generate(Repo.Articles, corpus, 4000, seed: 42);
        using (var first = Services(corpus, index))
        {
            first.GetRequiredService<PassageIndex>().Rebuild(TestContext.Current.CancellationToken);
        }

        var random = new Random(11);
        var killedDuringBuild = 0;

        for (var round = 0; round < 8; round++)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "CaseBot.Cli.dll"), "index", "--articles", corpus, "--index", index })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            await Task.Delay(random.Next(150, 1200), TestContext.Current.CancellationToken);
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true); // SIGKILL: no finally blocks, no cleanup
                killedDuringBuild++;
            }

            await process.WaitForExitAsync(TestContext.Current.CancellationToken);

            using var services = Services(corpus, index);
            var passages = services.GetRequiredService<PassageIndex>();
            passages.EnsureReady();
            Assert.Null(passages.LastBuild); // opened as it was: no rebuild was needed
            var hits = services.GetRequiredService<IPassageRetriever>().Retrieve(new RetrievalRequest("How much did the jury award Carroll?"), TestContext.Current.CancellationToken);
            Assert.NotEmpty(hits.Passages);
        }

        Assert.True(killedDuringBuild > 0, "at least one process was killed before it finished");
    }

    [Fact]
    public async Task IndexFolderDeletedWhileServing_AnswersGoOn_AndARebuildRestoresIt()
    {
        var index = Path.Combine(_root, "served");
        using var services = Services(Repo.Articles, index);
        var retriever = services.GetRequiredService<IPassageRetriever>();
        Assert.NotEmpty(retriever.Retrieve(new RetrievalRequest("Who is the judge?"), TestContext.Current.CancellationToken).Passages);

        Directory.Delete(index, recursive: true);
        var during = retriever.Retrieve(new RetrievalRequest("How much did the jury award Carroll?"), TestContext.Current.CancellationToken);
        services.GetRequiredService<PassageIndex>().Rebuild(TestContext.Current.CancellationToken);

        Assert.NotEmpty(during.Passages);
        Assert.True(File.Exists(Path.Combine(index, "CURRENT")));
        Assert.NotEmpty(retriever.Retrieve(new RetrievalRequest("Who is the judge?"), TestContext.Current.CancellationToken).Passages);
        await Task.CompletedTask;
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static ServiceProvider Services(string articles, string index)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CaseBot:ArticlesPath"] = articles,
            ["CaseBot:IndexPath"] = index,
        }).Build();
        return new ServiceCollection().AddLogging().AddCaseBot(configuration).BuildServiceProvider();
    }
}
