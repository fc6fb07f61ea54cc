using System.Diagnostics;
using System.Text.RegularExpressions;

namespace CaseBot.Bot.Tests;

/// <summary>
/// The built bot host as a user starts it (<c>dotnet CaseBot.Bot.dll ARGS</c> from the repository root), anonymous,
/// lexical retrieval only (fast), over a private index folder; its output is kept by stream. Disposing kills it.
/// </summary>
internal sealed class BotHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];

    private BotHostProcess(Process process, string indexPath)
    {
        _process = process;
        IndexPath = indexPath;
    }

    /// <summary>The index folder the host was given; it exists only once the host has started and opened its index.</summary>
    public string IndexPath { get; }

    public IReadOnlyList<string> StdoutLines => Snapshot(_stdout);

    public IReadOnlyList<string> StderrLines => Snapshot(_stderr);

    public string Output => $"stdout:\n{string.Join('\n', StdoutLines)}\nstderr:\n{string.Join('\n', StderrLines)}";

    public static BotHostProcess Start(IReadOnlyDictionary<string, string>? settings, params string[] args)
    {
        var index = Path.Combine(Path.GetTempPath(), "casebot-host-tests", Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RealClients.Root };
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

        var host = new BotHostProcess(Process.Start(start)!, index);
        host._process.OutputDataReceived += (_, e) => Append(host._stdout, e.Data);
        host._process.ErrorDataReceived += (_, e) => Append(host._stderr, e.Data);
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        return host;
    }

    public static BotHostProcess Start(params string[] args) => Start(null, args);

    /// <summary>The exit code, once the process has ended and its output is read; a timeout fails with the output so far.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The bot host did not exit within {timeout}.\n{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>The first stdout line that matches, waiting for it; fails with the output if the host exits or time runs out.</summary>
    public async Task<Match> WaitForLineAsync(Regex pattern, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            foreach (var line in StdoutLines)
            {
                if (pattern.Match(line) is { Success: true } match)
                {
                    return match;
                }
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The bot host exited with {_process.ExitCode} before printing /{pattern}/.\n{Output}");
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException($"The bot host printed no line like /{pattern}/ within {timeout}.\n{Output}");
    }

    /// <summary>Asks the host to stop as a service manager does (SIGTERM); Unix only.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
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
        return Path.Combine(RealClients.Root, "src", "CaseBot.Bot", "bin", release ? "Release" : "Debug", "net10.0", "CaseBot.Bot.dll");
    }

    private static void Append(List<string> lines, string? line)
    {
        if (line is not null)
        {
            lock (lines)
            {
                lines.Add(line);
            }
        }
    }

    private static string[] Snapshot(List<string> lines)
    {
        lock (lines)
        {
            return [.. lines];
        }
    }
}
