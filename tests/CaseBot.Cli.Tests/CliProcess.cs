using System.Diagnostics;

namespace CaseBot.Cli.Tests;

/// <summary>Runs the built console program as a real process (its own environment, exit code, stdout and stderr).</summary>
public static class CliProcess
{
    public static Task<(int ExitCode, string Out, string Err)> RunAsync(IReadOnlyDictionary<string, string>? environment, string stdin, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CaseBot.Cli.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return ChildProcess.RunAsync(start, stdin, TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
    }
}
