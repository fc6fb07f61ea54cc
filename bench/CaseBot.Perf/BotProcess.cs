using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CaseBot.Perf;

/// <summary>
/// The bot as a separate process (<c>dotnet CaseBot.Bot.dll</c>) on a free loopback port, anonymous, with its own index
/// folder and extra settings as environment variables; its log goes to a file. Its memory can be sampled while it runs.
/// </summary>
internal sealed class BotProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private bool _closed;
    private int _warnings;
    private int _errors;

    private BotProcess(Process process, StreamWriter log, Uri url, string logPath)
    {
        _process = process;
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
    public double WorkingSetMb
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64 / 1048576.0;
        }
    }

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
        var url = new Uri($"http://127.0.0.1:{FreePort()}/");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)! };
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
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        var bot = new BotProcess(process, log, url, logPath);
        process.OutputDataReceived += (_, e) => bot.Append(e.Data);
        process.ErrorDataReceived += (_, e) => bot.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (process.HasExited)
            {
                await bot.DisposeAsync();
                throw new InvalidOperationException($"The bot exited with code {process.ExitCode}; its log is in {logPath}.");
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

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        lock (_log)
        {
            _closed = true;
            _log.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

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
