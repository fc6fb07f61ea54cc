using System.Diagnostics;
using CaseBot.Testing;

namespace CaseBot.Perf;

/// <summary>
/// The bot as a separate process (<c>dotnet CaseBot.Bot.dll</c>) on a free loopback port, anonymous, with its own index
/// folder and extra settings as environment variables; its log goes to a file. Its memory can be sampled while it runs.
/// </summary>
internal sealed class BotProcess : IAsyncDisposable
{
    private readonly StreamWriter _log;
    private ChildProcess? _process;
    private bool _closed;
    private int _warnings;
    private int _errors;

    private BotProcess(StreamWriter log, Uri url, string logPath)
    {
        _log = log;
        Url = url;
        LogPath = logPath;
    }

    public Uri Url { get; }

    /// <summary>Log lines at warning level so far.</summary>
    public int Warnings => Volatile.Read(ref _warnings);

    /// <summary>Log lines at error or critical level so far.</summary>
    public int Errors => Volatile.Read(ref _errors);

    public string LogPath { get; }

    /// <summary>The bot's working set now, in MB.</summary>
    public double WorkingSetMb => _process!.WorkingSetMb;

    /// <summary>
    /// The built bot: <paramref name="dll"/> if given, else the <c>CaseBot.Bot.dll</c> that this project's reference to
    /// the bot host builds next to this program (same configuration, with its runtimeconfig and deps files).
    /// </summary>
    public static string FindDll(string? dll)
    {
        var path = Path.GetFullPath(dll ?? Path.Combine(AppContext.BaseDirectory, "CaseBot.Bot.dll"));
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(dll is null
                ? $"The bot {path} is not built next to this program: build bench/CaseBot.Perf (it builds the bot), or pass --bot PATH/CaseBot.Bot.dll."
                : $"The bot dll {path} does not exist.");
        }

        return path;
    }

    public static async Task<BotProcess> StartAsync(string dll, string workFolder, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(workFolder);
        var url = new Uri($"http://127.0.0.1:{LoopbackHost.FreePort()}/");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)! };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url.ToString().TrimEnd('/'));
        start.Environment["CaseBot__IndexPath"] = Path.Combine(workFolder, "index");
        start.Environment.Remove("MicrosoftAppId");
        start.Environment.Remove("MicrosoftAppPassword");
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var logPath = Path.Combine(workFolder, "bot.log");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var bot = new BotProcess(log, url, logPath);
        var process = bot._process = ChildProcess.Start(start, bot.Append);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (process.HasExited)
            {
                var code = process.ExitCode;
                await bot.DisposeAsync();
                throw new InvalidOperationException($"The bot exited with code {code}; its log is in {logPath}.");
            }

            try
            {
                if ((await http.GetAsync(new Uri(url, "healthz"), cancellationToken)).IsSuccessStatusCode)
                {
                    return bot;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Still opening the index.
            }

            await Task.Delay(200, cancellationToken);
        }

        await bot.DisposeAsync();
        throw new TimeoutException($"The bot did not become healthy at {url} within 90 s; its log is in {logPath}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_closed)
        {
            return;
        }

        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        lock (_log)
        {
            _closed = true;
            _log.Dispose();
        }
    }

    private void Append(string line)
    {
        if (line.StartsWith("warn:", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _warnings);
        }
        else if (line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _errors);
        }

        lock (_log)
        {
            if (!_closed)
            {
                _log.WriteLine(line);
            }
        }
    }
}
