using System.Diagnostics;
using System.Text.RegularExpressions;

namespace CaseBot.Bot.Tests;

/// <summary>
/// The built bot host as a user starts it (<c>dotnet CaseBot.Bot.dll ARGS</c> from the repository root), anonymous,
/// lexical retrieval only (fast), over a private index folder; its output is kept by stream. Disposing kills it.
/// </summary>
internal sealed class BotHostProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private BotHostProcess(ChildProcess process, string indexPath)
    {
        _process = process;
        IndexPath = indexPath;
    }

    /// <summary>The index folder the host was given; it exists only once the host has started and opened its index.</summary>
    public string IndexPath { get; }

    public IReadOnlyList<string> StdoutLines => _process.StdoutLines;

    public IReadOnlyList<string> StderrLines => _process.StderrLines;

    public string Output => _process.Output;

    public static BotHostProcess Start(IReadOnlyDictionary<string, string>? settings, params string[] args)
    {
        var index = Path.Combine(Path.GetTempPath(), "casebot-host-tests", Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Repo.Root };
        start.ArgumentList.Add(BotDll());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var inherited in new[] { "MicrosoftAppId", "MicrosoftAppPassword", "ASPNETCORE_URLS", "DOTNET_URLS", "URLS", "ASPNETCORE_HTTP_PORTS" })
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["CaseBot__IndexPath"] = index;
        start.Environment["Retrieval__Semantic"] = "false";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return new BotHostProcess(ChildProcess.Start(start), index);
    }

    public static BotHostProcess Start(params string[] args) => Start(null, args);

    /// <inheritdoc cref="ChildProcess.WaitForExitAsync"/>
    public Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _process.WaitForExitAsync(timeout, cancellationToken);

    /// <inheritdoc cref="ChildProcess.WaitForLineAsync"/>
    public Task<Match> WaitForLineAsync(Regex pattern, TimeSpan timeout, CancellationToken cancellationToken) => _process.WaitForLineAsync(pattern, timeout, cancellationToken);

    /// <inheritdoc cref="ChildProcess.Terminate"/>
    public void Terminate() => _process.Terminate();

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            if (Directory.Exists(IndexPath))
            {
                Directory.Delete(IndexPath, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The host built in the same configuration as these tests (the project reference builds it).</summary>
    private static string BotDll()
    {
        var release = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal);
        return Path.Combine(Repo.Root, "src", "CaseBot.Bot", "bin", release ? "Release" : "Debug", "net10.0", "CaseBot.Bot.dll");
    }
}
