using CaseBot.Bot.Protocol;
using CaseBot.Bot.Protocol.DirectLine;
using CaseBot.Core;
using CaseBot.Core.Retrieval;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace CaseBot.Bot;

/// <summary>The composition root of the bot host.</summary>
public static partial class BotApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(builder.Configuration["urls"] ?? "http://localhost:3978");
        builder.Services.AddCaseBot(builder.Configuration);
        builder.Services.AddBotFrameworkProtocol(builder.Configuration);
        builder.Services.AddSingleton<IBot, CaseBotActivityHandler>();
        builder.Services.AddProblemDetails();
        builder.Services.AddHealthChecks().AddCheck<IndexHealthCheck>("index");
        builder.Services.AddHostedService<IndexWarmup>();

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
        app.MapHealthChecks("/healthz");

        var auth = app.Services.GetRequiredService<IOptions<BotAuthOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CaseBot.Bot");
        if (auth.IsAnonymous)
        {
            Log.Anonymous(logger);
        }

        if (WebChatBundle.Find() is null)
        {
            Log.NoWebChat(logger);
        }

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
public sealed class IndexWarmup(PassageIndex index, IPassageRetriever retriever) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() =>
    {
        try
        {
            index.EnsureReady();

            // Loads the sentence encoder (not cancellable: a host stopping during start-up just lets it finish).
            if (!stoppingToken.IsCancellationRequested)
            {
                retriever.Retrieve(new RetrievalRequest("warm-up"), CancellationToken.None);
            }

            IndexHealthCheck.Ready = true;
        }
        catch (ObjectDisposedException) when (stoppingToken.IsCancellationRequested)
        {
            // The host was stopped and disposed while still starting (tests do this): there is nothing left to warm.
        }
    }, CancellationToken.None);
}

public sealed class IndexHealthCheck : Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck
{
    public static bool Ready { get; set; }

    public Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Ready
            ? Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy("index open")
            : Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("index not open yet"));
}
