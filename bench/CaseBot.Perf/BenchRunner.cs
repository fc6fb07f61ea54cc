using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CaseBot.Core;
using CaseBot.Core.Answering;
using CaseBot.Core.Evaluation;
using CaseBot.Core.Retrieval;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CaseBot.Perf;

/// <summary>Figures for one corpus size.</summary>
internal sealed record BenchResult(
    bool Semantic,
    int Passages,
    int Articles,
    double BuildSeconds,
    double PassagesPerSecond,
    long IndexBytes,
    double OpenMs,
    Percentiles Query,
    Percentiles Answer,
    double AnswerKilobytesAllocated,
    double AnswerCpuMs,
    double RecallAt5,
    double PeerBuildSeconds,
    double PeerPassagesPerSecond,
    long PeerBytes,
    Percentiles PeerQuery,
    double PeerRecallAt5,
    long PeakWorkingSetBytes);

/// <summary>
/// Builds, opens and queries CaseBot's index at a corpus size, and SQLite FTS5 over the same passages, with a fixed
/// question mix: index build rate, size on disk, open time, query and full-answer latency percentiles, recall at 5 of
/// the gold articles (development questions), peak working set.
/// </summary>
internal static class BenchRunner
{
    private static readonly string[] Header =
    [
        "mode", "passages", "build s", "passages/s", "index MB", "open ms", "query p50/p95/p99 ms", "answer p50/p95/p99 ms", "answer KB / CPU ms", "recall@5", "peak WS MB",
        "FTS5 build/s", "FTS5 query p50/p95/p99 ms", "FTS5 recall@5", "build ratio", "query p95 ratio",
    ];

    public static async Task<BenchResult> RunAsync(string corpus, string work, string glossary, IReadOnlyList<EvalCase> questions, int rounds, bool semantic, TextWriter progress, CancellationToken cancellationToken)
    {
        var index = Path.Combine(work, "lucene");
        if (Directory.Exists(index))
        {
            Directory.Delete(index, recursive: true);
        }

        // Build.
        IndexBuildReport report;
        using (var services = Services(corpus, index, glossary, semantic))
        {
            report = services.GetRequiredService<PassageIndex>().Rebuild(cancellationToken);
        }

        var indexBytes = Directory.EnumerateFiles(report.IndexPath).Sum(f => new FileInfo(f).Length);
        await progress.WriteLineAsync($"  built {report.Passages:N0} passages in {report.Elapsed.TotalSeconds:0.00} s");

        // Open an existing index, as a fresh process would.
        GC.Collect();
        using var host = Services(corpus, index, glossary, semantic);
        var open = Stopwatch.StartNew();
        host.GetRequiredService<PassageIndex>().EnsureReady();
        var openMs = open.Elapsed.TotalMilliseconds;

        var retriever = host.GetRequiredService<IPassageRetriever>();
        var chat = host.GetRequiredService<CaseBotChat>();
        var texts = questions.SelectMany(c => c.Turns.Take(1).Select(t => t.Text)).ToList();

        // Warm up, then measure.
        foreach (var q in texts)
        {
            retriever.Retrieve(new RetrievalRequest(q), cancellationToken);
            await chat.AskAsync("warm", q, cancellationToken);
        }

        var query = new List<double>();
        var answer = new List<double>();
        var turn = 0;
        long allocated = 0;
        var cpu = TimeSpan.Zero;
        using var self = Process.GetCurrentProcess();
        for (var r = 0; r < rounds; r++)
        {
            foreach (var q in texts)
            {
                var t = Stopwatch.GetTimestamp();
                retriever.Retrieve(new RetrievalRequest(q), cancellationToken);
                query.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                self.Refresh();
                var cpuBefore = self.TotalProcessorTime;
                var bytesBefore = GC.GetTotalAllocatedBytes(precise: false);
                t = Stopwatch.GetTimestamp();
                await chat.AskAsync($"bench-{turn++}", q, cancellationToken);
                answer.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                allocated += GC.GetTotalAllocatedBytes(precise: false) - bytesBefore;
                self.Refresh();
                cpu += self.TotalProcessorTime - cpuBefore;
            }
        }

        var recall = Recall(questions, q => retriever.Retrieve(new RetrievalRequest(q, TopK: 5), cancellationToken).Passages.Select(p => p.Passage.Source).ToList());

        // The peer, over the same passages.
        var dbPath = Path.Combine(work, "peer.db");
        File.Delete(dbPath);
        using var peer = SqlitePeer.Build(corpus, dbPath);
        bool IsStopWord(string w) => retriever.Terms(w).Count == 0;
        foreach (var q in texts)
        {
            peer.Search(q, IsStopWord, 8);
        }

        var peerQuery = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            foreach (var q in texts)
            {
                var t = Stopwatch.GetTimestamp();
                peer.Search(q, IsStopWord, 8);
                peerQuery.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
        }

        var peerRecall = Recall(questions, q => peer.Search(q, IsStopWord, 5));
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return new BenchResult(
            semantic,
            report.Passages,
            report.Articles,
            report.Elapsed.TotalSeconds,
            report.Passages / report.Elapsed.TotalSeconds,
            indexBytes,
            openMs,
            Percentiles.Of(query),
            Percentiles.Of(answer),
            allocated / 1024.0 / Math.Max(1, answer.Count),
            cpu.TotalMilliseconds / Math.Max(1, answer.Count),
            recall,
            peer.BuildTime.TotalSeconds,
            peer.Passages / peer.BuildTime.TotalSeconds,
            peer.SizeBytes,
            Percentiles.Of(peerQuery),
            peerRecall,
            process.PeakWorkingSet64);
    }

    public static string Table(IReadOnlyList<BenchResult> results)
    {
        var rows = new List<string[]>
        {
            Header,
        };
        foreach (var r in results)
        {
            rows.Add(
            [
                r.Semantic ? "vectors" : "lexical",
                r.Passages.ToString("N0", CultureInfo.InvariantCulture),
                r.BuildSeconds.ToString("0.00", CultureInfo.InvariantCulture),
                r.PassagesPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                (r.IndexBytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture),
                r.OpenMs.ToString("0", CultureInfo.InvariantCulture),
                r.Query.ToString(),
                r.Answer.ToString(),
                string.Create(CultureInfo.InvariantCulture, $"{r.AnswerKilobytesAllocated:0} / {r.AnswerCpuMs:0.00}"),
                r.RecallAt5.ToString("0.00", CultureInfo.InvariantCulture),
                (r.PeakWorkingSetBytes / 1048576.0).ToString("0", CultureInfo.InvariantCulture),
                r.PeerPassagesPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                r.PeerQuery.ToString(),
                r.PeerRecallAt5.ToString("0.00", CultureInfo.InvariantCulture),
                (r.PassagesPerSecond / r.PeerPassagesPerSecond).ToString("0.00", CultureInfo.InvariantCulture),
                (r.Query.P95 / Math.Max(0.001, r.PeerQuery.P95)).ToString("0.00", CultureInfo.InvariantCulture),
            ]);
        }

        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var lines = rows.Select(r => "| " + string.Join(" | ", r.Select((cell, c) => cell.PadLeft(widths[c]))) + " |").ToList();
        lines.Insert(1, "|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
        return string.Join(Environment.NewLine, lines);
    }

    public static string MachineLine(IReadOnlyList<BenchResult> results) =>
        "BENCH " + JsonSerializer.Serialize(results.Select(r => new
        {
            mode = r.Semantic ? "vectors" : "lexical",
            passages = r.Passages,
            buildPassagesPerSecond = Math.Round(r.PassagesPerSecond),
            indexBytes = r.IndexBytes,
            openMs = Math.Round(r.OpenMs, 1),
            queryP50 = Math.Round(r.Query.P50, 3),
            queryP95 = Math.Round(r.Query.P95, 3),
            queryP99 = Math.Round(r.Query.P99, 3),
            answerP50 = Math.Round(r.Answer.P50, 3),
            answerP95 = Math.Round(r.Answer.P95, 3),
            answerP99 = Math.Round(r.Answer.P99, 3),
            answerKilobytesAllocated = Math.Round(r.AnswerKilobytesAllocated, 1),
            answerCpuMs = Math.Round(r.AnswerCpuMs, 3),
            recallAt5 = Math.Round(r.RecallAt5, 3),
            peakWorkingSetBytes = r.PeakWorkingSetBytes,
            peerBuildPassagesPerSecond = Math.Round(r.PeerPassagesPerSecond),
            peerQueryP95 = Math.Round(r.PeerQuery.P95, 3),
            peerRecallAt5 = Math.Round(r.PeerRecallAt5, 3),
        }));

    private static double Recall(IReadOnlyList<EvalCase> questions, Func<string, List<string>> top5)
    {
        int hits = 0, total = 0;
        foreach (var c in questions.Where(c => c.Kind is "answerable"))
        {
            var turn = c.Turns[0];
            if (turn.Sources is not { Count: > 0 } sources)
            {
                continue;
            }

            total++;
            var found = top5(turn.Text);
            hits += found.Any(sources.Contains) ? 1 : 0;
            if (Environment.GetEnvironmentVariable("CASEBOT_BENCH_MISSES") == "1" && !found.Any(sources.Contains))
            {
                Console.Error.WriteLine($"    recall miss: {c.Id} {turn.Text} -> {string.Join(", ", found)}");
            }
        }

        return total == 0 ? 0 : (double)hits / total;
    }

    private static ServiceProvider Services(string corpus, string index, string glossary, bool semantic)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Retrieval:Semantic"] = semantic ? "true" : "false",
            ["CaseBot:ArticlesPath"] = corpus,
            ["CaseBot:IndexPath"] = index,
            ["CaseBot:GlossaryPath"] = glossary,
        }).Build();
        return new ServiceCollection().AddLogging().AddCaseBot(configuration).BuildServiceProvider();
    }
}
