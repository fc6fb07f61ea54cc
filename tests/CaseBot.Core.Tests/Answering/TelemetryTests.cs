using System.Diagnostics;
using CaseBot.Core.Answering;
using CaseBot.Core.Tests.Support;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CaseBot.Core.Tests.Answering;

/// <summary>CaseBot's own metrics and spans, observed the way an operator's OpenTelemetry pipeline sees them.</summary>
public sealed class TelemetryTests : IClassFixture<CorpusFixture>
{
    private readonly CorpusFixture _corpus;

    public TelemetryTests(CorpusFixture corpus) => _corpus = corpus;

    [Fact]
    public async Task AnsweredAndAbstainedQuestions_AreCountedWithStatusComposerAndLatency()
    {
        var metrics = new List<Metric>();
        var spans = new List<Activity>();
        var meterProvider = Sdk.CreateMeterProviderBuilder().AddMeter(CaseBotMetrics.MeterName).AddInMemoryExporter(metrics).Build();
        var tracerProvider = Sdk.CreateTracerProviderBuilder().AddSource(CaseBotMetrics.ActivitySourceName).AddInMemoryExporter(spans).Build();
        var chat = _corpus.Host.Get<CaseBotChat>();
        var conversation = $"telemetry-{Guid.NewGuid():N}";

        var answered = await chat.AskAsync(conversation, "How much did the jury award Carroll?", TestContext.Current.CancellationToken);
        var declined = await chat.AskAsync(conversation, "What's the capital of Canada?", TestContext.Current.CancellationToken);
        // Disposing flushes and stops listening: other tests' answers, running alongside, no longer add to the lists.
        meterProvider.Dispose();
        tracerProvider.Dispose();

        Assert.True(answered.Answered);
        Assert.False(declined.Answered);
        Assert.True(Sum(metrics, "casebot.answers", ("casebot.status", "answered"), ("casebot.composer", "extractive")) >= 1);
        Assert.True(Sum(metrics, "casebot.answers", ("casebot.status", "off_topic")) >= 1);
        Assert.True(Sum(metrics, "casebot.abstentions", ("casebot.status", "off_topic")) >= 1);
        Assert.True(HistogramCount(metrics, "casebot.answer.duration") >= 2);
        Assert.True(HistogramCount(metrics, "casebot.retrieval.duration") >= 2);
        Assert.Contains(spans, s => s.OperationName == "casebot.answer" && (string?)s.GetTagItem("casebot.status") == "Answered");
        Assert.Contains(spans, s => s.OperationName == "casebot.retrieve");
    }

    private static long Sum(List<Metric> metrics, string name, params (string Key, string Value)[] tags)
    {
        long sum = 0;
        foreach (var metric in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var pointTags = new Dictionary<string, object?>();
                foreach (var tag in point.Tags)
                {
                    pointTags[tag.Key] = tag.Value;
                }

                if (tags.All(t => pointTags.TryGetValue(t.Key, out var v) && (string?)v == t.Value))
                {
                    sum += point.GetSumLong();
                }
            }
        }

        return sum;
    }

    private static long HistogramCount(List<Metric> metrics, string name)
    {
        long count = 0;
        foreach (var metric in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                count += point.GetHistogramCount();
            }
        }

        return count;
    }
}
