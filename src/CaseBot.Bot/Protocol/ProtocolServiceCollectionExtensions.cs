using CaseBot.Bot.Protocol.DirectLine;
using Polly;

namespace CaseBot.Bot.Protocol;

public static class ProtocolServiceCollectionExtensions
{
    /// <summary>The rate-limiting policy of the Direct Line endpoint (per client address).</summary>
    public const string PerClientPolicy = "per-client";

    /// <summary>The Bot Framework protocol layer: authentication, Connector client with retries, turn queue, Direct Line.</summary>
    public static IServiceCollection AddBotFrameworkProtocol(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BotAuthOptions>().Bind(configuration).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BotEndpointOptions>().Bind(configuration.GetSection(BotEndpointOptions.SectionName));
        services.AddHttpClient(HttpClientNames.OpenId);
        services.AddHttpClient<ConnectorClient>(HttpClientNames.Connector, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .AddStandardResilienceHandler(o =>
            {
                o.Retry.MaxRetryAttempts = 3;
                o.Retry.BackoffType = DelayBackoffType.Exponential;
                o.Retry.UseJitter = true;
                o.Retry.Delay = TimeSpan.FromMilliseconds(500);
                o.Retry.ShouldRetryAfterHeader = true;
                o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(Math.Clamp(
                    configuration.GetSection(BotEndpointOptions.SectionName).GetValue(nameof(BotEndpointOptions.ConnectorAttemptTimeoutSeconds), 10), 1, 14));
                o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(60);
                o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(30);
            });
        services.AddSingleton<IConnectorTokenProvider, MsalConnectorTokenProvider>();
        services.AddBotAuthentication();
        services.AddSingleton<ServiceUrlAllowList>();
        services.AddSingleton<TurnScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<TurnScheduler>());

        // The host must wait at least as long as the turns are given to finish.
        var drain = TimeSpan.FromSeconds(Math.Max(0, configuration.GetSection(BotEndpointOptions.SectionName).GetValue(nameof(BotEndpointOptions.ShutdownDrainSeconds), 20)));
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromTicks(Math.Max(o.ShutdownTimeout.Ticks, (drain + TimeSpan.FromSeconds(10)).Ticks)));
        services.AddSingleton<DirectLineStore>();
        services.AddSingleton<ConversationRateLimiter>();
        services.AddRateLimiter(limiter =>
        {
            // Browsers and scripts on the Direct Line endpoint and the page: a fixed budget per client address.
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(PerClientPolicy, http => System.Threading.RateLimiting.RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new System.Threading.RateLimiting.FixedWindowRateLimiterOptions
                {
                    PermitLimit = Math.Max(1, configuration.GetSection(BotEndpointOptions.SectionName).GetValue(nameof(BotEndpointOptions.PerClientPerMinute), 600)),
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
        });
        return services;
    }
}
