using CaseBot.Core;
using CaseBot.Core.Answering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CaseBot.Perf.Tests;

public sealed class PerformanceCommandTests : IDisposable
{
    private readonly PerfRun _perf = new();
    private readonly string _root = Path.Combine(Path.GetTempPath(), "casebot-perf-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task GenCorpus_SameSeed_WritesTheSameCorpus_OtherSeedAnother()
    {
        var a = Path.Combine(_root, "a");
        var b = Path.Combine(_root, "b");
        var c = Path.Combine(_root, "c");

        var (code, stdout, _) = await _perf.RunAsync("gen-corpus", "--passages", "400", "--out", a, "--seed", "7");
        await _perf.RunAsync("gen-corpus", "--passages", "400", "--out", b, "--seed", "7");
        await _perf.RunAsync("gen-corpus", "--passages", "400", "--out", c, "--seed", "8");

        Assert.Equal(0, code);
        Assert.Contains("passages", stdout, StringComparison.Ordinal);
        Assert.Equal(Snapshot(a), Snapshot(b));
        Assert.NotEqual(Snapshot(a), Snapshot(c));
        var generated = File.ReadAllText(Directory.GetFiles(a, "gen_*.txt").Order(StringComparer.Ordinal).First());
        Assert.Matches(@"^ date \d{4}-\d{2}-\d{2} ", generated);
        Assert.DoesNotContain("Carroll", generated, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenCorpus_Output_IsIndexableAndAnswerable()
    {
        var corpus = Path.Combine(_root, "corpus");
        await _perf.RunAsync("gen-corpus", "--passages", "500", "--out", corpus);

        // As the console's ask would: the shared settings, the generated articles, a private index.
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["CaseBot:ArticlesPath"] = corpus,
                ["CaseBot:IndexPath"] = Path.Combine(_root, "lucene"),
            }).Build();
        await using var services = new ServiceCollection().AddLogging().AddCaseBot(configuration).BuildServiceProvider();
        var answer = await services.GetRequiredService<CaseBotChat>().AskAsync("perf-tests", "How much did the jury award Carroll?", TestContext.Current.CancellationToken);

        Assert.Equal(AnswerStatus.Answered, answer.Status);
        Assert.NotEmpty(answer.Citations);
    }

    [Fact]
    public async Task Load_RefusesABotThatIsNotOnLoopback()
    {
        var (code, _, stderr) = await _perf.RunAsync("load", "--url", "http://example.org", "--messages", "1", "--conversations", "1");

        Assert.NotEqual(0, code);
        Assert.Contains("loopback", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Soak_ABriefRun_InjectsFaults_AndLosesOrDuplicatesNothing()
    {
        // The bot runs as its own process: the CaseBot.Bot.dll that the Perf project's reference built next to it.
        var (code, stdout, stderr) = await _perf.RunAsync(
            "soak", "--minutes", "0.25", "--rate", "40", "--conversations", "40", "--baseline", "30",
            "--connector-faults", "0.1", "--model-faults", "0.05", "--max-p95-ratio", "1000", "--max-slope", "100000");

        var line = stdout.Split('\n').SingleOrDefault(l => l.StartsWith("SOAK ", StringComparison.Ordinal));
        Assert.True(line is not null, $"no SOAK line; exit {code}:\n{stdout}\n{stderr}");
        var figures = System.Text.Json.JsonDocument.Parse(line["SOAK ".Length..]).RootElement;
        Assert.True(code == 0, $"soak exited {code}:\n{stdout}\n{stderr}");
        Assert.True(figures.GetProperty("turns").GetInt32() > 100, stdout);
        Assert.Equal(figures.GetProperty("turns").GetInt32(), figures.GetProperty("answered").GetInt32());
        Assert.Equal(0, figures.GetProperty("lost").GetInt32());
        Assert.Equal(0, figures.GetProperty("duplicated").GetInt32());
        Assert.Equal(0, figures.GetProperty("errors").GetInt32());
        Assert.True(figures.GetProperty("connectorFaults").GetInt32() > 0, stdout);
        Assert.True(figures.GetProperty("modelFaults").GetInt32() > 0, stdout);
        Assert.True(figures.GetProperty("directLineTurns").GetInt32() > 0, stdout);
        Assert.Equal(figures.GetProperty("malformed").GetInt32(), figures.GetProperty("malformedRejected").GetInt32());
        Assert.Contains("PASS no reply lost", stdout, StringComparison.Ordinal);
        Assert.Contains($"{SoakRunner.Gen0SizeVariable}={SoakRunner.DeploymentGen0Size}", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Soak_RefusesAnUnboundedRun()
    {
        var (code, _, stderr) = await _perf.RunAsync("soak", "--minutes", "100000");

        Assert.Equal(2, code);
        Assert.Contains("--minutes", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Soak_RefusesAGen0SizeThatIsNotHexadecimal()
    {
        var (code, _, stderr) = await _perf.RunAsync("soak", "--minutes", "1", "--gc-gen0-size", "32MB");

        Assert.Equal(2, code);
        Assert.Contains("--gc-gen0-size", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Soak_RunsTheBotWithTheGen0BudgetItIsDeployedWith()
    {
        // `dotnet run --project src/CaseBot.Bot` takes its environment from the launch profile; the soak must match it.
        var launch = Path.Combine(CaseBot.Testing.Repo.Root, "src", "CaseBot.Bot", "Properties", "launchSettings.json");
        using var settings = System.Text.Json.JsonDocument.Parse(File.ReadAllText(launch));
        var profile = settings.RootElement.GetProperty("profiles").GetProperty("CaseBot.Bot");

        Assert.Equal(SoakRunner.DeploymentGen0Size, profile.GetProperty("environmentVariables").GetProperty(SoakRunner.Gen0SizeVariable).GetString());
        Assert.False(profile.TryGetProperty("applicationUrl", out _), "the profile must not override the bot's own address");
    }

    [Fact]
    public void FindDll_ByDefault_IsTheBotBuiltNextToThisProgram()
    {
        var dll = BotProcess.FindDll(null);

        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "CaseBot.Bot.dll"), dll);
        Assert.True(File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")), "the bot's runtimeconfig is next to it");
    }

    public void Dispose()
    {
        _perf.Dispose();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static string Snapshot(string folder) =>
        string.Join("\n", Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(f => Path.GetFileName(f) + ":" + File.ReadAllText(f).GetHashCode(StringComparison.Ordinal)));
}
