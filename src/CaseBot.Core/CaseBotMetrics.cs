using System.Diagnostics;
using System.Diagnostics.Metrics;
using CaseBot.Core.Answering;

namespace CaseBot.Core;

/// <summary>
/// CaseBot's own telemetry: the <c>CaseBot</c> meter (answers by status and composer, abstentions, model fallbacks and
/// removals, retrieval and answer latency) and the <c>CaseBot</c> activity source (spans for answering, retrieval and
/// the model call). Hosts export them with OpenTelemetry; with no listener attached they cost next to nothing.
/// </summary>
public sealed class CaseBotMetrics
{
    public const string MeterName = "CaseBot";
    public const string ActivitySourceName = "CaseBot";

    /// <summary>Spans for one answer (<c>casebot.answer</c>), its retrieval (<c>casebot.retrieve</c>) and model call (<c>casebot.model</c>).</summary>
    public static ActivitySource ActivitySource { get; } = new(ActivitySourceName);

    private readonly Counter<long> _answers;
    private readonly Counter<long> _abstentions;
    private readonly Counter<long> _fallbacks;
    private readonly Counter<long> _removals;
    private readonly Histogram<double> _answerDuration;
    private readonly Histogram<double> _retrievalDuration;

    public CaseBotMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _answers = meter.CreateCounter<long>("casebot.answers", "{answer}", "Answers given, by status (answered, not in articles, off topic…) and composer.");
        _abstentions = meter.CreateCounter<long>("casebot.abstentions", "{answer}", "Questions answered with \"the articles don't say\" or declined as off topic.");
        _fallbacks = meter.CreateCounter<long>("casebot.model.fallbacks", "{answer}", "Model-mode answers given extractively instead (model fault, nothing verified, key sentence removed).");
        _removals = meter.CreateCounter<long>("casebot.model.removals", "{sentence}", "Sentences or markers of model replies removed by verification.");
        _answerDuration = meter.CreateHistogram<double>("casebot.answer.duration", "ms", "Time from question to final answer.");
        _retrievalDuration = meter.CreateHistogram<double>("casebot.retrieval.duration", "ms", "Time to retrieve passages and sentences for a question.");
    }

    public void Answered(Answer answer, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var status = new KeyValuePair<string, object?>("casebot.status", StatusName(answer.Status));
        var composer = new KeyValuePair<string, object?>("casebot.composer", answer.Composer);
        _answers.Add(1, status, composer);
        _answerDuration.Record(elapsed.TotalMilliseconds, status, composer);
        if (answer.Status is AnswerStatus.NotInArticles or AnswerStatus.OffTopic)
        {
            _abstentions.Add(1, status);
        }

        if (answer.Composer == ModelComposer.FallbackComposerName)
        {
            _fallbacks.Add(1);
        }

        if (answer.Removed.Count > 0)
        {
            _removals.Add(answer.Removed.Count, composer);
        }
    }

    public void Retrieved(TimeSpan elapsed) => _retrievalDuration.Record(elapsed.TotalMilliseconds);

    private static string StatusName(AnswerStatus status) => status switch
    {
        AnswerStatus.Answered => "answered",
        AnswerStatus.NotInArticles => "not_in_articles",
        AnswerStatus.OffTopic => "off_topic",
        AnswerStatus.DeclinedInstruction => "declined_instruction",
        AnswerStatus.EmptyQuestion => "empty_question",
        _ => status.ToString(),
    };
}
