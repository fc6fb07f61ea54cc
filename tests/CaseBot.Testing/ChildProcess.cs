using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CaseBot.Testing;

/// <summary>
/// A program started as its own process with stdout and stderr read line by line: kept (for assertions and failure
/// messages), or handed to a callback instead (for long runs). Disposing kills its process tree if it still runs.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Action<string>? _onLine;
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];

    private ChildProcess(Process process, Action<string>? onLine)
    {
        _process = process;
        _onLine = onLine;
    }

    /// <summary>The program's file name (for <c>dotnet X.dll</c>, the dll's).</summary>
    public string Name => Path.GetFileName(_process.StartInfo.FileName == "dotnet" && _process.StartInfo.ArgumentList.Count > 0
        ? _process.StartInfo.ArgumentList[0]
        : _process.StartInfo.FileName);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public IReadOnlyList<string> StdoutLines => Snapshot(_stdout);

    public IReadOnlyList<string> StderrLines => Snapshot(_stderr);

    public string Output => $"stdout:\n{string.Join('\n', StdoutLines)}\nstderr:\n{string.Join('\n', StderrLines)}";

    /// <summary>The process's working set now, in MB.</summary>
    public double WorkingSetMb
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64 / 1048576.0;
        }
    }

    /// <param name="start">What to run; its output is redirected here.</param>
    /// <param name="onLine">Given, each line (stdout and stderr) goes to it and none is kept.</param>
    public static ChildProcess Start(ProcessStartInfo start, Action<string>? onLine = null)
    {
        ArgumentNullException.ThrowIfNull(start);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var child = new ChildProcess(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}."), onLine);
        child._process.OutputDataReceived += (_, e) => child.Append(child._stdout, e.Data);
        child._process.ErrorDataReceived += (_, e) => child.Append(child._stderr, e.Data);
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs a program to its end with <paramref name="stdin"/> as its input; killed after <paramref name="timeout"/>.</summary>
    public static async Task<(int ExitCode, string Out, string Err)> RunAsync(ProcessStartInfo start, string stdin, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }

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
            throw new TimeoutException($"{Name} did not exit within {timeout}.\n{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>The first stdout line that matches, waiting for it; fails with the output if the process exits or time runs out.</summary>
    public async Task<Match> WaitForLineAsync(Regex pattern, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pattern);
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
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before printing /{pattern}/.\n{Output}");
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException($"{Name} printed no line like /{pattern}/ within {timeout}.\n{Output}");
    }

    /// <summary>Asks the process to stop as a service manager does (SIGTERM); Unix only.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Kills the process tree now, if it still runs, and waits for it to end.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(List<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        if (_onLine is not null)
        {
            _onLine(line);
            return;
        }

        lock (lines)
        {
            lines.Add(line);
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
