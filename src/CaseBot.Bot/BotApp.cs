using CaseBot.Bot.Protocol;
using CaseBot.Bot.Protocol.DirectLine;
using CaseBot.Conversations.Redis;
using CaseBot.Core;
using CaseBot.Core.Retrieval;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace CaseBot.Bot;

/// <summary>The composition root of the bot host.</summary>
public static partial class BotApp
{
    /// <summary>
    /// Runs the host as a server: <c>--help</c> prints usage; a bad setting or an address it cannot listen on is one line
    /// on stderr and exit code 1; once listening it prints its addresses; it exits 1 if it had to stop itself.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (BotCommandLine.WantsHelp(args))
        {
            await Console.Out.WriteAsync(BotCommandLine.Usage);
            return 0;
        }

        await using var app = Build(BotCommandLine.ExpandShortcuts(args));
        try
        {
            // The host would validate these too, but report a failure with its stack trace.
            app.Services.GetService<IStartupValidator>()?.Validate();
        }
        catch (Exception ex) when (StartupErrors.Configuration(ex) is { } line)
        {
            await Console.Error.WriteLineAsync(line);
            return 1;
        }

        var configured = (app.Configuration["urls"] ?? BotCommandLine.DefaultUrl).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (StartupErrors.Addresses(configured) is { } badAddress)
        {
            await Console.Error.WriteLineAsync(badAddress);
            return 1;
        }

        try
        {
            await app.StartAsync();
        }
        catch (Exception ex) when (StartupErrors.Listening(ex, configured) is { } line)
        {
            await Console.Error.WriteLineAsync(line);
            return 1;
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C while starting.
            return 0;
        }
        catch (Exception ex)
        {
            await Console.Error.WriteLineAsync($"CaseBot could not start: {ex}");
            return 1;
        }

        foreach (var line in Banner(app.Urls))
        {
            await Console.Out.WriteLineAsync(line);
        }

        await app.WaitForShutdownAsync();
        if (app.Services.GetRequiredService<HostFailure>().Message is { } failure)
        {
            await Console.Error.WriteLineAsync(failure);
            return 1;
        }

        return 0;
    }

    /// <summary>What a started host prints: the addresses it is bound to (port 0 resolved) and where to open the page.</summary>
    internal static string[] Banner(ICollection<string> addresses)
    {
        var listening = addresses.Count > 0 ? string.Join(", ", addresses) : BotCommandLine.DefaultUrl;
        var first = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault() ?? BotCommandLine.DefaultUrl;
        var site = Browsable(first).TrimEnd('/');
        return
        [
            $"CaseBot is listening on {listening}; open {site}/ for the Web Chat page.",
            $"Bot Framework endpoint: {site}/api/messages. Press Ctrl+C to stop.",
        ];
    }

    /// <summary>A wildcard address (<c>http://[::]:3978</c>, <c>http://0.0.0.0:3978</c>) as a browser can open it.</summary>
    private static string Browsable(string address)
    {
        var parsed = BindingAddress.Parse(address);
        return parsed.Host is "0.0.0.0" or "[::]" or "::" or "+" or "*"
            ? $"{parsed.Scheme}://localhost:{parsed.Port}{parsed.PathBase}"
            : address;
    }

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(builder.Configuration["urls"] ?? BotCommandLine.DefaultUrl);

        // The generic host logs its start-up failures (a taken port) with their stack trace; RunAsync reports them
        // itself, in one line when the user can fix them and in full otherwise. A background service that fails is
        // still logged, at Critical, with its exception.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        builder.Services.AddSingleton<HostFailure>();
        builder.Services.AddCaseBot(builder.Configuration);
        builder.Services.AddRedisConversationStore();
        builder.Services.AddBotFrameworkProtocol(builder.Configuration);
        builder.Services.AddSingleton<IBot, CaseBotActivityHandler>();
        builder.Services.AddSingleton<ArticleCatalog>();
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton<IndexReadiness>();
        builder.Services.AddHealthChecks().AddCheck<IndexHealthCheck>("index");
        builder.Services.AddHostedService<IndexWarmup>();
        builder.AddCaseBotTelemetry();

        // Logs: one plain line each, on stderr, so stdout carries only what the host prints for people.
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.IncludeScopes = false;
        });
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRateLimiter();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        if (WebChatBundle.Find() is { } webchat)
        {
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(webchat), RequestPath = "/webchat" });
        }

        app.MapBotMessages();
        app.MapDirectLine();
        app.MapArticles();
        app.MapHealthChecks("/healthz");
        app.MapCaseBotTelemetry();

        // Said once the host has started, so that a start that fails prints only why.
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CaseBot.Bot");
            if (app.Services.GetRequiredService<IOptions<BotAuthOptions>>().Value.IsAnonymous)
            {
                Log.Anonymous(logger);
            }

            if (WebChatBundle.Find() is null)
            {
                Log.NoWebChat(logger);
            }
        });

        return app;
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "*** ANONYMOUS MODE: no MicrosoftAppId is configured, so /api/messages accepts requests WITHOUT authentication. Fine for local use (Web Chat page, Agents Playground); never expose this to a network. Set MicrosoftAppId/MicrosoftAppPassword to require Bot Connector tokens. ***")]
        public static partial void Anonymous(ILogger logger);

        [LoggerMessage(Level = LogLevel.Warning, Message = "The Web Chat bundle (node_modules/botframework-webchat) was not found; the page at / will say so. Run 'npm ci' in the repository root.")]
        public static partial void NoWebChat(ILogger logger);
    }
}

/// <summary>Finds the botframework-webchat bundle installed by npm at the repository root.</summary>
public static class WebChatBundle
{
    public static string? Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var dist = Path.Combine(dir.FullName, "node_modules", "botframework-webchat", "dist");
                if (File.Exists(Path.Combine(dist, "webchat.js")))
                {
                    return dist;
                }
            }
        }

        return null;
    }
}

/// <summary>
/// Opens (building if needed) the passage index and loads the sentence encoder at start-up, so /healthz turns ready
/// and the first answer is fast.
/// </summary>
public sealed partial class IndexWarmup(
    PassageIndex index, IPassageRetriever retriever, IndexReadiness readiness, IHostApplicationLifetime lifetime, HostFailure failure, ILogger<IndexWarmup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The server binds first, so a taken port fails at once, before any index work.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        await Task.Run(() => Warm(stoppingToken), CancellationToken.None);
    }

    private void Warm(CancellationToken stoppingToken)
    {
        try
        {
            index.EnsureReady();

            // Loads the sentence encoder (not cancellable: a host stopping during start-up just lets it finish).
            if (!stoppingToken.IsCancellationRequested)
            {
                retriever.Retrieve(new RetrievalRequest("warm-up"), CancellationToken.None);
            }

            readiness.MarkReady();
        }
        catch (ObjectDisposedException) when (stoppingToken.IsCancellationRequested)
        {
            // The host was stopped and disposed while still starting (tests do this): there is nothing left to warm.
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or InvalidDataException)
        {
            // A missing or unreadable articles folder, glossary or index: the user's to fix, so one line and exit code 1.
            failure.Set($"CaseBot stopped: {ex.Message}");
            lifetime.StopApplication();
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            Log.WarmupFailed(logger, ex);
            failure.Set($"CaseBot stopped: the passage index could not be opened ({ex.Message}); the log above has the details.");
            lifetime.StopApplication();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Critical, Message = "Opening the passage index failed")]
        public static partial void WarmupFailed(ILogger logger, Exception exception);
    }
}

/// <summary>Whether this host's passage index is open (one per host, so several hosts in one process don't share it).</summary>
public sealed class IndexReadiness
{
    private volatile bool _ready;

    public bool Ready => _ready;

    public void MarkReady() => _ready = true;
}

/// <summary>/healthz: healthy once this host's index is open.</summary>
public sealed class IndexHealthCheck(IndexReadiness readiness) : Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck
{
    public Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(readiness.Ready
            ? Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy("index open")
            : Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("index not open yet"));
}
