using System.Net;

namespace CaseBot.Bot.Tests;

/// <summary>The Prometheus scrape endpoint an operator turns on with Telemetry:Prometheus, and its absence by default.</summary>
public sealed class TelemetryEndpointTests : IAsyncLifetime
{
    private readonly ChannelStub _channel = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task PrometheusOn_AnsweredAndDeclinedTurns_AreScrapedWithStatusAndLatency()
    {
        using var bot = new BotFactory(new Dictionary<string, string?> { ["Telemetry:Prometheus"] = "true" });

        await bot.PostActivityAsync(Activities.Message(_channel.ServiceUrl, "How much did the jury award Carroll?"));
        await _channel.WaitForAsync(r => r.Type == "message");
        await bot.PostActivityAsync(Activities.Message(_channel.ServiceUrl, "What's the capital of Canada?"));
        await _channel.WaitForAsync(r => r.Type == "message", count: 2);

        var scrape = await bot.CreateClient().GetStringAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Contains("casebot_answers_total{", scrape, StringComparison.Ordinal);
        Assert.Contains("casebot_status=\"answered\"", scrape, StringComparison.Ordinal);
        Assert.Contains("casebot_status=\"off_topic\"", scrape, StringComparison.Ordinal);
        Assert.Contains("casebot_abstentions_total{", scrape, StringComparison.Ordinal);
        Assert.Contains("casebot_answer_duration_milliseconds_bucket", scrape, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", scrape, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ByDefault_ThereIsNoMetricsEndpoint()
    {
        using var bot = new BotFactory();

        var response = await bot.CreateClient().GetAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    public async ValueTask DisposeAsync() => await _channel.DisposeAsync();
}
