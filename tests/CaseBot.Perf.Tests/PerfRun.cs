namespace CaseBot.Perf.Tests;

/// <summary>Runs the performance tooling in-process with its own stdout and stderr, over a private index folder.</summary>
public sealed class PerfRun : IDisposable
{
    private readonly string _index = Path.Combine(Path.GetTempPath(), "casebot-perf-tests", Guid.NewGuid().ToString("N"));

    public string IndexPath => _index;

    public async Task<(int ExitCode, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await PerfApp.RunAsync([.. args, "--index", _index], stdout, stderr, TestContext.Current.CancellationToken);
        return (code, stdout.ToString(), stderr.ToString());
    }

    public void Dispose()
    {
        if (Directory.Exists(_index))
        {
            Directory.Delete(_index, recursive: true);
        }
    }
}
