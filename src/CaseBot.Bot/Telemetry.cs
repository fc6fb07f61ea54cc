using CaseBot.Core;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CaseBot.Bot;

/// <summary>
/// OpenTelemetry for the bot host: CaseBot's own meter and spans (answers by status and composer, abstentions, model
/// fallbacks and removals, retrieval and answer latency) with ASP.NET Core, outbound HTTP and runtime instrumentation.
/// Exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, and on a Prometheus scrape endpoint
/// (<c>/metrics</c>) when <c>Telemetry:Prometheus</c> is true. With neither, nothing is registered and it costs nothing.
/// </summary>
internal static class Telemetry
{
    public const string PrometheusSetting = "Telemetry:Prometheus";

    public static void AddCaseBotTelemetry(this WebApplicationBuilder builder)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var prometheus = builder.Configuration.GetValue<bool>(PrometheusSetting);
        if (!otlp && !prometheus)
        {
            return;
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("casebot-bot"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(CaseBotMetrics.MeterName).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation();
                if (prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            })
            .WithTracing(tracing => tracing.AddSource(CaseBotMetrics.ActivitySourceName).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation());
        if (otlp)
        {
            telemetry.UseOtlpExporter();
        }
    }

    public static void MapCaseBotTelemetry(this WebApplication app)
    {
        if (app.Configuration.GetValue<bool>(PrometheusSetting))
        {
            app.MapPrometheusScrapingEndpoint();
        }
    }
}
