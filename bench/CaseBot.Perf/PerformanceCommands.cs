using System.CommandLine;
using System.Diagnostics;
using System.Runtime;
using CaseBot.Core;
using CaseBot.Core.Evaluation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CaseBot.Perf;

internal static class PerformanceCommands
{
    public static Command GenCorpus(PerfHost perf, TextWriter output)
    {
        var passages = new Option<int>("--passages") { Description = "About how many passages to write.", Required = true };
        var outDir = new Option<string>("--out") { Description = "Folder to write the articles into.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Random seed (same seed, same corpus).", DefaultValueFactory = _ => 42 };
        var command = new Command("gen-corpus", "Write a larger synthetic corpus from the real articles' sentences, with varied names, dates and amounts.") { passages, outDir, seed };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = perf.Build(parse);
            var articles = host.Services.GetRequiredService<IOptions<CaseBotOptions>>().Value;
            var started = Stopwatch.StartNew();
            var result = CorpusGenerator.Generate(articles.ResolvePath(articles.ArticlesPath), Path.GetFullPath(parse.GetValue(outDir)!), parse.GetValue(passages), parse.GetValue(seed),
                written => parse.InvocationConfiguration.Error.WriteLine($"  {written:N0} passages…"));
            await output.WriteLineAsync($"Wrote {result.Articles:N0} articles ({result.Passages:N0} passages, {result.Bytes / 1048576.0:0.0} MB) to {Path.GetFullPath(parse.GetValue(outDir)!)} in {started.Elapsed.TotalSeconds:0.0} s");
            return 0;
        });
        return command;
    }

    public static Command Bench(PerfHost perf, TextWriter output)
    {
        var sizes = new Option<string>("--sizes") { Description = "Corpus sizes in passages, comma-separated, measured with sentence vectors (semantic retrieval).", DefaultValueFactory = _ => "10000" };
        var lexicalSizes = new Option<string>("--lexical-sizes") { Description = "Corpus sizes measured lexical-only (Retrieval:Semantic=false), comma-separated.", DefaultValueFactory = _ => "100000" };
        var rounds = new Option<int>("--rounds") { Description = "Times the question mix is asked per size.", DefaultValueFactory = _ => 20 };
        var work = new Option<string?>("--work") { Description = "Folder for generated corpora and indexes (default: a temp folder, removed after)." };
        var questions = new Option<string>("--questions") { Description = "Question mix (eval format).", DefaultValueFactory = _ => "tests/eval/dev.jsonl" };
        var command = new Command("bench", "Measure index build, size, open time, query and answer latency and memory at several corpus sizes, side by side with SQLite FTS5.") { sizes, lexicalSizes, rounds, work, questions };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (Debugger.IsAttached || typeof(PerformanceCommands).Assembly.GetCustomAttributes(typeof(DebuggableAttribute), false).OfType<DebuggableAttribute>().Any(d => d.IsJITOptimizerDisabled))
            {
                await error.WriteLineAsync("casebot-perf: warning: this is a Debug build; run it with -c Release (dotnet run -c Release --project bench/CaseBot.Perf -- bench) for real figures.");
            }

            using var host = perf.Build(parse);
            var options = host.Services.GetRequiredService<IOptions<CaseBotOptions>>().Value;
            var articles = options.ResolvePath(options.ArticlesPath);
            var glossary = options.ResolvePath(options.GlossaryPath);
            var mix = EvalRunner.Load(options.ResolvePath(parse.GetValue(questions)!));
            var root = parse.GetValue(work) is { } w ? Path.GetFullPath(w) : Path.Combine(Path.GetTempPath(), "casebot-bench-" + Guid.NewGuid().ToString("N")[..8]);
            var results = new List<BenchResult>();
            try
            {
                // Warm the JIT (tiered compilation, PGO) on the real articles so the first size is not measured cold.
                await error.WriteLineAsync("Warming up on the real articles…");
                await BenchRunner.RunAsync(articles, Path.Combine(root, "warmup"), glossary, mix, 3, true, TextWriter.Null, cancellationToken);
                await error.WriteLineAsync("Measuring the real articles…");
                results.Add(await BenchRunner.RunAsync(articles, Path.Combine(root, "real"), glossary, mix, parse.GetValue(rounds), true, error, cancellationToken));

                var runs = Sizes(parse.GetValue(sizes)).Select(s => (Size: s, Semantic: true)).Concat(Sizes(parse.GetValue(lexicalSizes)).Select(s => (Size: s, Semantic: false)));
                foreach (var (size, semantic) in runs)
                {
                    var folder = Path.Combine(root, $"p{size}");
                    var corpus = Path.Combine(folder, "articles");
                    if (!Directory.Exists(corpus))
                    {
                        await error.WriteLineAsync($"Generating {size:N0} passages…");
                        CorpusGenerator.Generate(articles, corpus, size, seed: 42);
                    }

                    await error.WriteLineAsync($"Measuring {size:N0} passages ({(semantic ? "with sentence vectors" : "lexical only")})…");
                    GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
                    GC.Collect();
                    results.Add(await BenchRunner.RunAsync(corpus, folder, glossary, mix, parse.GetValue(rounds), semantic, error, cancellationToken));
                }
            }
            finally
            {
                if (parse.GetValue(work) is null && Directory.Exists(root))
                {
                    Directory.Delete(root, recursive: true);
                }
            }

            await output.WriteLineAsync($"CaseBot bench: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; question mix: {mix.Count} questions × {parse.GetValue(rounds)} rounds; latencies in ms; peak working set is the process's so far.");
            await output.WriteLineAsync(BenchRunner.Table(results));
            await output.WriteLineAsync(BenchRunner.MachineLine(results));
            return 0;
        });
        return command;
    }

    private static IEnumerable<int> Sizes(string? list) =>
        (list ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture));

    public static Command Load(PerfHost perf, TextWriter output)
    {
        var url = new Option<string>("--url") { Description = "The bot (loopback only).", DefaultValueFactory = _ => "http://localhost:3978" };
        var conversations = new Option<int>("--conversations") { Description = "Concurrent conversations.", DefaultValueFactory = _ => 200 };
        var messages = new Option<int>("--messages") { Description = "Messages in all.", DefaultValueFactory = _ => 10_000 };
        var rate = new Option<double>("--rate") { Description = "Messages per second offered by all conversations together (0: each sends as soon as it has its answer).", DefaultValueFactory = _ => 320 };
        var limit = new Option<int>("--max-seconds") { Description = "Stop after this many seconds at most.", DefaultValueFactory = _ => 300 };
        var questions = new Option<string>("--questions") { Description = "Question mix (eval format).", DefaultValueFactory = _ => "tests/eval/dev.jsonl" };
        var command = new Command("load", "Drive a running bot's /api/messages with many concurrent conversations and report throughput, latency, errors and lost or duplicated replies.") { url, conversations, messages, rate, limit, questions };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = perf.Build(parse);
            var options = host.Services.GetRequiredService<IOptions<CaseBotOptions>>().Value;
            var mix = EvalRunner.Load(options.ResolvePath(parse.GetValue(questions)!)).SelectMany(c => c.Turns.Select(t => t.Text)).ToList();
            var bot = new Uri(parse.GetValue(url)!.TrimEnd('/') + "/");
            var result = await LoadRunner.RunAsync(bot, parse.GetValue(conversations), parse.GetValue(messages), parse.GetValue(rate), TimeSpan.FromSeconds(parse.GetValue(limit)), mix, parse.InvocationConfiguration.Error, cancellationToken);
            await output.WriteLineAsync($"CaseBot load: {bot} from {Environment.ProcessorCount} cores (bot and load on the same machine); {parse.GetValue(conversations)} conversations offering {parse.GetValue(rate)} messages/s");
            await output.WriteLineAsync($"| sent | answered | errors | lost | duplicated | seconds | answered/s | latency p50/p95/p99 ms |");
            await output.WriteLineAsync($"|------|----------|--------|------|------------|---------|------------|------------------------|");
            await output.WriteLineAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"| {result.Sent} | {result.Answered} | {result.Errors} | {result.Lost} | {result.Duplicated} | {result.Seconds:0.0} | {result.Throughput:0.0} | {result.Latency} |"));
            await output.WriteLineAsync(LoadRunner.MachineLine(result));
            return result.Errors + result.Lost + result.Duplicated == 0 ? 0 : 3;
        });
        return command;
    }

    public static Command Soak(PerfHost perf, TextWriter output)
    {
        var minutes = new Option<double>("--minutes") { Description = "How long the mixed traffic runs.", DefaultValueFactory = _ => 10 };
        var rate = new Option<double>("--rate") { Description = "Messages per second offered by all conversations together.", DefaultValueFactory = _ => 100 };
        var conversations = new Option<int>("--conversations") { Description = "Concurrent conversations (every 20th over Direct Line).", DefaultValueFactory = _ => 100 };
        var extractive = new Option<bool>("--extractive") { Description = "Run the bot with the offline composer only (no stand-in model, no model faults)." };
        var connectorFaults = new Option<double>("--connector-faults") { Description = "Share of replies whose first delivery the Connector fails.", DefaultValueFactory = _ => 0.05 };
        var modelFaults = new Option<double>("--model-faults") { Description = "Share of model calls that fail (a fault cannot be traced to its turn, so keep it under 5% for the p95 to mean anything).", DefaultValueFactory = _ => 0.01 };
        var baseline = new Option<int>("--baseline") { Description = "Messages sent one at a time, without faults, to measure the unloaded latency.", DefaultValueFactory = _ => 300 };
        var maxRatio = new Option<double>("--max-p95-ratio") { Description = "Largest acceptable p95 under soak, as a multiple of the unloaded p95.", DefaultValueFactory = _ => 2 };
        var maxSlope = new Option<double>("--max-slope") { Description = "Largest acceptable growth of the bot's memory, MB per minute.", DefaultValueFactory = _ => 2 };
        var seed = new Option<int>("--seed") { Description = "Random seed of the traffic and faults.", DefaultValueFactory = _ => 42 };
        var bot = new Option<string?>("--bot") { Description = "The built CaseBot.Bot.dll to run (default: the one built next to this program, in its configuration)." };
        var questions = new Option<string>("--questions") { Description = "Conversations to replay (eval format).", DefaultValueFactory = _ => "tests/eval/dev.jsonl" };
        var gen0 = new Option<string>("--gc-gen0-size") { Description = $"The bot's {SoakRunner.Gen0SizeVariable} (hex bytes), as deployed; 'default' leaves the runtime's own.", DefaultValueFactory = _ => SoakRunner.DeploymentGen0Size };
        var command = new Command("soak", "Run the bot as its own process under mixed traffic with faults injected for a bounded time; report lost and duplicated replies, errors, latency against unloaded, and memory slope.")
        {
            minutes, rate, conversations, extractive, connectorFaults, modelFaults, baseline, maxRatio, maxSlope, seed, bot, questions, gen0,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (parse.GetValue(minutes) is <= 0 or > 120 || parse.GetValue(rate) is <= 0 or > 5_000 || parse.GetValue(conversations) is < 1 or > 2_000)
            {
                await error.WriteLineAsync("casebot-perf: soak needs 0 < --minutes <= 120, 0 < --rate <= 5000 and 1 <= --conversations <= 2000.");
                return 2;
            }

            if (parse.GetValue(gen0) is not "default" && !System.Text.RegularExpressions.Regex.IsMatch(parse.GetValue(gen0)!, "^(0x)?[0-9a-fA-F]{1,16}$"))
            {
                await error.WriteLineAsync($"casebot-perf: --gc-gen0-size takes a size in hexadecimal bytes (such as {SoakRunner.DeploymentGen0Size}) or 'default'.");
                return 2;
            }

            using var host = perf.Build(parse);
            var options = host.Services.GetRequiredService<IOptions<CaseBotOptions>>().Value;
            var dialogues = EvalRunner.Load(options.ResolvePath(parse.GetValue(questions)!)).Select(c => (IReadOnlyList<string>)[.. c.Turns.Select(t => t.Text)]).ToList();
            var soak = new SoakOptions(
                TimeSpan.FromMinutes(parse.GetValue(minutes)),
                parse.GetValue(rate),
                parse.GetValue(conversations),
                Model: !parse.GetValue(extractive),
                parse.GetValue(connectorFaults),
                parse.GetValue(modelFaults),
                parse.GetValue(baseline),
                parse.GetValue(seed),
                parse.GetValue(gen0) is "default" ? null : parse.GetValue(gen0));
            var result = await SoakRunner.RunAsync(BotProcess.FindDll(parse.GetValue(bot)), soak, dialogues, error, cancellationToken);

            await output.WriteLineAsync($"CaseBot soak: bot as its own process on loopback, {Environment.ProcessorCount} cores shared with the traffic, {(soak.Model ? "model mode against a stand-in model" : "extractive mode")}, {soak.GcDescription}");
            await output.WriteLineAsync(SoakRunner.Table(result));
            var checks = new (string Name, bool Ok)[]
            {
                ("no reply lost", result.Lost == 0),
                ("no reply duplicated", result.Duplicated == 0),
                ("no errors", result.Errors == 0 && result.UnexpectedReplies == 0 && result.LogErrors == 0),
                ("every malformed request answered 4xx", result.MalformedRejected == result.Malformed),
                (string.Create(System.Globalization.CultureInfo.InvariantCulture, $"p95 within {parse.GetValue(maxRatio)}x of unloaded"), result.P95Ratio <= parse.GetValue(maxRatio)),
                (string.Create(System.Globalization.CultureInfo.InvariantCulture, $"memory slope at most {parse.GetValue(maxSlope)} MB/min"), result.MemorySlopeMbPerMinute <= parse.GetValue(maxSlope)),
            };
            foreach (var (name, ok) in checks)
            {
                await output.WriteLineAsync($"{(ok ? "PASS" : "FAIL")} {name}");
            }

            await output.WriteLineAsync(SoakRunner.MachineLine(result));
            return checks.All(c => c.Ok) ? 0 : 3;
        });
        return command;
    }
}
