using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using CaseBot.Core.Articles;
using CaseBot.Core.Conversations;
using CaseBot.Core.Retrieval;
using Microsoft.SemanticKernel;

namespace CaseBot.Core.Answering;

/// <summary>
/// The answer composer as a Semantic Kernel plugin: retrieval, follow-up resolution and the answer strategy behind
/// kernel functions, so hosts go through a <see cref="Kernel"/>. The extractive strategy always runs (it is cheap, it
/// is the offline default, and it is the fallback); with <c>Answering:Mode=Model</c> the model writes the answer.
/// </summary>
internal sealed class AnswerPlugin(IPassageRetriever retriever, ExtractiveComposer composer, ModelComposer model, CaseBotMetrics metrics)
{
    public const string PluginName = "CaseBot";
    public const string FunctionName = "answer";
    public const string StreamingFunctionName = "answer_streaming";

    [KernelFunction(FunctionName)]
    [Description("Answers a question about the case from the news articles, citing the passages it rests on.")]
    public async Task<Answer> AnswerAsync(
        [Description("The user's question.")] string question,
        [Description("Earlier turns of this conversation, oldest first.")] IReadOnlyList<ConversationTurn>? history = null,
        CancellationToken cancellationToken = default)
    {
        Answer? final = null;
        await foreach (var update in AnswerStreamingAsync(question, history, cancellationToken))
        {
            final = update.Final ?? final;
        }

        return final ?? throw new InvalidOperationException("The composer produced no answer.");
    }

    [KernelFunction(StreamingFunctionName)]
    [Description("The same answer, streamed: text so far while a model writes, then the verified answer.")]
    public async IAsyncEnumerable<AnswerUpdate> AnswerStreamingAsync(
        [Description("The user's question.")] string question,
        [Description("Earlier turns of this conversation, oldest first.")] IReadOnlyList<ConversationTurn>? history = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        history ??= [];
        var understood = await UnderstandAsync(question, history, cancellationToken);
        var (request, searchText, hadInstructions, declined, context, rewritten, retrieval, profile) = understood;
        var extractive = composer.Compose(retrieval.CorrectedQuestion, profile, retrieval, declined) with
        {
            SearchedFor = rewritten ?? (context.Count == 0 ? retrieval.CorrectedQuestion : $"{retrieval.CorrectedQuestion} (in the light of: {string.Join(" / ", context)})"),
            Corrections = retrieval.Corrections,
            Notice = hadInstructions && !declined ? "Instructions in your message were ignored; I answered the question in it." : null,
        };

        if (!model.Enabled || declined || extractive.Status is AnswerStatus.OffTopic)
        {
            yield return new AnswerUpdate(null, extractive);
            yield break;
        }

        // The model reads more than the extractive ranker weighs: the same search, deeper (Answering:MaxPassages of each
        // list, twice that for a second look when the model finds no answer in the first).
        RetrievalResult pool;
        using (CaseBotMetrics.ActivitySource.StartActivity("casebot.retrieve.model"))
        {
            pool = retriever.Retrieve(request with { TopK = model.PassagesWanted, SemanticTopK = model.PassagesWanted, Asides = model.MaxAsides }, cancellationToken);
        }

        var passages = PassagesForModel(extractive, retrieval, pool);
        await foreach (var update in model.StreamAsync(searchText, passages, history, extractive, understood.Asserted, cancellationToken))
        {
            yield return update.Final is null
                ? update
                : new AnswerUpdate(null, update.Final with
                {
                    SearchedFor = extractive.SearchedFor,
                    Corrections = extractive.Corrections,
                    Notice = Join(extractive.Notice, update.Final.Notice == extractive.Notice ? null : update.Final.Notice),
                });
        }
    }

    /// <summary>
    /// The extractive answer to a question asked on its own, with no conversation before it. Never calls a model, even
    /// in model mode: it is how suggested questions are checked, cheaply, before they are offered.
    /// </summary>
    internal async Task<Answer> AnswerStandaloneExtractiveAsync(string question, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        var understood = await UnderstandAsync(question, [], cancellationToken);
        return composer.Compose(understood.Retrieval.CorrectedQuestion, understood.Profile, understood.Retrieval, understood.Declined);
    }

    /// <summary>
    /// How a question is understood before any answer is composed: instructions split off, a follow-up resolved against
    /// the conversation, the passages and sentences retrieved, the kind of answer asked for.
    /// </summary>
    internal async Task<UnderstoodQuestion> UnderstandAsync(string question, IReadOnlyList<ConversationTurn> history, CancellationToken cancellationToken = default)
    {
        var (genuine, instructions) = InstructionDetector.SplitInstructions(question);
        var hadInstructions = instructions.Length > 0;
        var searchText = genuine.Length > 0 ? genuine : question;

        var contentWords = retriever.Terms(searchText).Count;
        var context = FollowUpResolver.ContextFor(searchText, history, contentWords);
        var rewritten = context.Count > 0 ? await model.RewriteFollowUpAsync(searchText, history, cancellationToken) : null;
        RetrievalRequest request;
        RetrievalResult retrieval;
        using (CaseBotMetrics.ActivitySource.StartActivity("casebot.retrieve"))
        {
            var started = Stopwatch.GetTimestamp();
            request = rewritten is null ? new RetrievalRequest(searchText, context) : new RetrievalRequest(rewritten);
            retrieval = retriever.Retrieve(request, cancellationToken);
            metrics.Retrieved(Stopwatch.GetElapsedTime(started));
        }

        var profile = QuestionClassifier.Classify(retrieval.CorrectedQuestion);
        var declined = hadInstructions && !LooksLikeQuestion(genuine);
        return new UnderstoodQuestion(request, searchText, hadInstructions, declined, context, rewritten, retrieval, profile) { Asserted = InstructionDetector.Asserted(question, instructions) };
    }

    /// <summary>
    /// The passages the model is given, best first: those the extractive answer quotes (the fitted ranker's choice),
    /// then the BM25 passages, the passages of the sentences closest in meaning and the asides of the deeper search
    /// <paramref name="pool"/>, taken in turn.
    /// </summary>
    private static List<Passage> PassagesForModel(Answer extractive, RetrievalResult retrieval, RetrievalResult pool)
    {
        var lexical = pool.Passages.Select(p => p.Passage).ToList();
        var semantic = pool.Semantic?.Top.Select(h => h.Passage).ToList() ?? [];
        var asides = pool.Asides.Select(p => p.Passage).ToList();
        var searched = retrieval.Passages.Select(p => p.Passage).Concat(retrieval.Semantic?.Top.Select(h => h.Passage) ?? []);
        var known = searched.Concat(lexical).Concat(semantic).DistinctBy(p => p.Id, StringComparer.Ordinal).ToDictionary(p => p.Id, StringComparer.Ordinal);
        var quoted = extractive.Answered ? extractive.Citations.Select(c => known.GetValueOrDefault(c.PassageId)).OfType<Passage>() : [];
        var interleaved = Enumerable.Range(0, Math.Max(lexical.Count, semantic.Count))
            .SelectMany(i => new[] { i < lexical.Count ? lexical[i] : null, i < semantic.Count ? semantic[i] : null, i < asides.Count ? asides[i] : null })
            .OfType<Passage>();
        return quoted.Concat(interleaved).DistinctBy(p => p.Id, StringComparer.Ordinal).ToList();
    }

    private static string? Join(string? a, string? b) => a is null ? b : b is null ? a : $"{a} {b}";

    private static bool LooksLikeQuestion(string text) =>
        text.EndsWith('?') || QuestionClassifier.Classify(text).Type != AnswerType.General;
}
