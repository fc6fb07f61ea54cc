using System.ClientModel;
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using CaseBot.Core.Articles;
using CaseBot.Core.Conversations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace CaseBot.Core.Answering;

/// <summary>One step of a streamed answer: text so far while the model writes, then the verified final answer.</summary>
public sealed record AnswerUpdate(string? TextSoFar, Answer? Final)
{
    private readonly string? _verifiedText;
    private readonly Lazy<string?>? _verify;

    /// <summary>
    /// What a channel may show while the model writes: the complete sentences so far as verification leaves them
    /// (unsupported sentences out, markers renumbered), or null while none has passed. <see cref="TextSoFar"/> is the raw,
    /// unchecked text. Verified on first read, so a caller that does not stream (a channel that shows one message)
    /// pays for verifying only the final answer.
    /// </summary>
    public string? VerifiedTextSoFar
    {
        get => _verify is null ? _verifiedText : _verify.Value;
        init => _verifiedText = value;
    }

    /// <summary>The verification that gives <see cref="VerifiedTextSoFar"/>, run when it is first read.</summary>
    internal Lazy<string?>? VerifyOnRead
    {
        init => _verify = value;
    }
}

/// <summary>
/// The model-written strategy: numbered passages, the conversation and the rules go to a language model behind any
/// OpenAI-compatible endpoint (Semantic Kernel's OpenAI connector); its reply is verified against the passages
/// (<see cref="AnswerVerifier"/>) before it is shown. Any fault (timeout, 429/5xx after retries, a rejected key,
/// malformed output, nothing supported) gives the extractive answer instead, marked <c>extractive-fallback</c>.
/// </summary>
internal sealed partial class ModelComposer
{
    public const string HttpClientName = "casebot-model";
    public const string ModelComposerName = "model";
    public const string FallbackComposerName = "extractive-fallback";
    public const string UnavailableNotice = "The language model could not answer just now, so this answer is quoted from the articles.";

    private readonly AnsweringOptions _options;
    private readonly Lazy<IChatCompletionService> _chat;
    private readonly AnswerVerifier _verifier;
    private readonly ILogger<ModelComposer> _logger;
    private readonly string _caseName;
    private readonly ChatPrompt _answerPrompt = ChatPrompt.Load("answer");
    private readonly ChatPrompt _rewritePrompt = ChatPrompt.Load("rewrite");
    private readonly Kernel _templates = new();

    /// <summary>The chat service (<paramref name="chat"/>) is the one registered in dependency injection, resolved on first use: only Model mode has one.</summary>
    public ModelComposer(IOptions<AnsweringOptions> options, Lazy<IChatCompletionService> chat, AnswerVerifier verifier, ILogger<ModelComposer> logger, IOptions<CaseProfile> caseProfile)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(caseProfile);
        _caseName = caseProfile.Value.Name;
        _options = options.Value;
        _chat = chat;
        _verifier = verifier;
        _logger = logger;
    }

    /// <summary>
    /// The chat service for an OpenAI-compatible endpoint through Semantic Kernel's OpenAI connector, on the named,
    /// resilient HTTP client (retries, per-try timeout).
    /// </summary>
    public static IChatCompletionService CreateChatService(AnsweringOptions options, IHttpClientFactory httpClients, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClients);
        if (!options.UsesModel)
        {
            throw new InvalidOperationException("The chat service is only available when Answering:Mode is Model.");
        }

#pragma warning disable SKEXP0010 // The custom-endpoint constructor is how any OpenAI-compatible server (Ollama, vLLM, Azure v1) is reached.
        return new OpenAIChatCompletionService(
            options.Model,
            new Uri(options.Endpoint),
            string.IsNullOrEmpty(options.ApiKey) ? "no-key" : options.ApiKey,
            organization: null,
            httpClient: httpClients.CreateClient(HttpClientName),
            loggerFactory: loggers);
#pragma warning restore SKEXP0010
    }

    public bool Enabled => _options.UsesModel;

    /// <summary>How many passages the model is given at most (<c>Answering:MaxPassages</c>).</summary>
    public int MaxPassages => _options.MaxPassages;

    /// <summary>
    /// How many passages to search for: <see cref="MaxPassages"/>, twice that with <c>Answering:SecondLook</c> (the second
    /// batch is read only when the model says the first doesn't answer).
    /// </summary>
    public int PassagesWanted => _options.SecondLook ? 2 * _options.MaxPassages : _options.MaxPassages;

    /// <summary>How many asides the model is given at most (<c>Answering:MaxAsides</c>).</summary>
    public int MaxAsides => _options.MaxAsides;

    /// <summary>A standalone search query for a follow-up, or null (the deterministic rewriting is used then).</summary>
    public async Task<string?> RewriteFollowUpAsync(string question, IReadOnlyList<ConversationTurn> history, CancellationToken cancellationToken)
    {
        if (!Enabled || !_options.RewriteFollowUps || history.Count == 0)
        {
            return null;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(Math.Min(_options.TimeoutSeconds, 10)));
            var chat = await _rewritePrompt.RenderAsync(_templates, new KernelArguments { ["case"] = _caseName, ["history"] = History(history), ["question"] = question }, timeout.Token);
            var reply = await _chat.Value.GetChatMessageContentAsync(chat, _rewritePrompt.Settings, cancellationToken: timeout.Token);
            var query = (reply.Content ?? string.Empty).Trim().Trim('"').Split('\n')[0].Trim();
            return query.Length is > 2 and < 300 && !InstructionDetector.IsInstruction(query) ? query : null;
        }
        catch (Exception ex) when (IsModelFault(ex, cancellationToken))
        {
            Log.RewriteFailed(_logger, ex.GetType().Name, ex.Message);
            return null;
        }
    }

    public async Task<Answer> ComposeAsync(string question, IReadOnlyList<Passage> passages, IReadOnlyList<ConversationTurn> history, Answer extractive, CancellationToken cancellationToken)
    {
        Answer? final = null;
        await foreach (var update in StreamAsync(question, passages, history, extractive, string.Empty, cancellationToken))
        {
            final = update.Final ?? final;
        }

        return final ?? extractive;
    }

    public async IAsyncEnumerable<AnswerUpdate> StreamAsync(
        string question,
        IReadOnlyList<Passage> passages,
        IReadOnlyList<ConversationTurn> history,
        Answer extractive,
        string asserted,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var usable = passages.Where(p => (p.IsCitable || p.IsAside) && AnswerVerifier.TrustedText(p).Length > 0).ToList();
        var supplied = usable.Take(_options.MaxPassages).ToList();
        if (supplied.Count == 0)
        {
            yield return new AnswerUpdate(null, extractive);
            yield break;
        }

        using var activity = CaseBotMetrics.ActivitySource.StartActivity("casebot.model");
        activity?.SetTag("casebot.passages", supplied.Count);
        var next = _options.SecondLook ? usable.Skip(supplied.Count).Take(_options.MaxPassages).ToList() : [];
        while (true)
        {
            var call = new ModelCall();
            await foreach (var update in ReplyAsync(question, supplied, history, extractive, asserted, call, cancellationToken))
            {
                yield return update;
            }

            if (call.Fault is not null)
            {
                LogFault(call.Fault);
                yield return new AnswerUpdate(null, Fallback(extractive, UnavailableNotice, []));
                yield break;
            }

            var checkedReply = _verifier.Verify(call.Reply, supplied, question, extractive.AnswerType, asserted);
            Log.Verified(_logger, checkedReply.Citations.Count, checkedReply.Removed.Count, checkedReply.SaysNotInArticles);
            if (!checkedReply.HasContent && next.Count > 0)
            {
                // The model found no answer in the first passages, or wrote one of which no sentence survives the checks
                // (what it needed was likely not among them): one more look, at the next ones of the same search.
                Log.SecondLook(_logger, next.Count);
                activity?.SetTag("casebot.second_look", next.Count);
                (supplied, next) = (next, []);
                continue;
            }

            yield return new AnswerUpdate(null, Decide(checkedReply, extractive));
            yield break;
        }
    }

    /// <summary>What one call to the model wrote, or the fault that ended it.</summary>
    private sealed class ModelCall
    {
        public string Reply { get; set; } = string.Empty;

        public Exception? Fault { get; set; }
    }

    /// <summary>
    /// One call to the model with <paramref name="supplied"/>: the reply as it is written, each update able to show the
    /// whole sentences verified so far; what it wrote in the end (or the fault that ended it) goes in <paramref name="call"/>.
    /// </summary>
    private async IAsyncEnumerable<AnswerUpdate> ReplyAsync(
        string question,
        List<Passage> supplied,
        IReadOnlyList<ConversationTurn> history,
        Answer extractive,
        string asserted,
        ModelCall call,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reply = new StringBuilder();
        Lazy<string?>? verifiedSoFar = null;
        var checkedUpTo = 0;
        var stream = Stream(question, supplied, history, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                string? chunk;
                try
                {
                    if (!await stream.MoveNextAsync())
                    {
                        break;
                    }

                    chunk = stream.Current;
                }
                catch (Exception ex) when (IsModelFault(ex, cancellationToken))
                {
                    call.Fault = ex;
                    break;
                }

                if (!string.IsNullOrEmpty(chunk))
                {
                    reply.Append(chunk);
                    var soFar = reply.ToString();
                    var complete = CompleteSentencesLength(soFar);
                    if (complete > checkedUpTo)
                    {
                        // Verified only if someone reads it (a streaming channel); otherwise only the final answer is.
                        checkedUpTo = complete;
                        var (previous, whole) = (verifiedSoFar, soFar[..complete]);
                        verifiedSoFar = new Lazy<string?>(() =>
                        {
                            var verified = _verifier.Verify(whole, supplied, question, extractive.AnswerType, asserted);
                            return !verified.SaysNotInArticles && !verified.Malformed && verified.HasContent ? verified.Text : previous?.Value;
                        });
                    }

                    yield return new AnswerUpdate(soFar, null) { VerifyOnRead = verifiedSoFar };
                }
            }
        }
        finally
        {
            await stream.DisposeAsync();
        }

        call.Reply = reply.ToString();
    }

    /// <summary>
    /// How much of a reply being written is whole sentences: all but the sentence still being written, with the
    /// markers that close the last whole one ("… damages. [1]").
    /// </summary>
    internal static int CompleteSentencesLength(string text)
    {
        var sentences = SentenceSplitter.Split(text);
        if (sentences.Count < 2)
        {
            return 0;
        }

        var end = sentences[^1].Start;
        var markers = LeadingMarkers().Match(text, end);
        return markers.Success ? end + markers.Length : end;
    }

    [GeneratedRegex(@"\G(\s*" + Verification.ReplyLayout.MarkerPattern + ")+", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingMarkers();

    private static Answer Decide(VerifiedReply verified, Answer extractive)
    {
        if (verified is { SaysNotInArticles: true, HasContent: true })
        {
            // "The articles don't say X; they say Y [1]": the model read the passages and says what they do hold, checked.
            return new Answer(verified.Text, AnswerStatus.NotInArticles, verified.Citations)
            {
                Composer = ModelComposerName,
                AnswerType = extractive.AnswerType,
                Removed = verified.Removed,
            };
        }

        if (verified.SaysNotInArticles)
        {
            // The model found no answer. If the articles plainly have one, trust them; otherwise say so, with the closest fact:
            // the model read the passages and the ranker found none it trusts, so "the articles don't say" is the plain word.
            return extractive.Answered
                ? Fallback(extractive, null, ["the model said the articles don't answer, but a passage does"])
                : ExtractiveComposer.StatingNotInArticles(extractive) with { Composer = ModelComposerName };
        }

        if (verified.Malformed || !verified.HasContent)
        {
            return Fallback(extractive, null, [.. verified.Removed, "nothing the model wrote could be verified"]);
        }

        // What is left may no longer answer; the extractive answer is better only when it has one.
        if (verified.KeySentenceRemoved && extractive.Answered)
        {
            return Fallback(extractive, null, [.. verified.Removed, "the sentence that answered the question could not be verified"]);
        }

        return new Answer(verified.Text, AnswerStatus.Answered, verified.Citations)
        {
            Composer = ModelComposerName,
            AnswerType = extractive.AnswerType,
            Removed = verified.Removed,
        };
    }

    private static Answer Fallback(Answer extractive, string? notice, IReadOnlyList<string> removed) =>
        extractive with { Composer = FallbackComposerName, Notice = notice ?? extractive.Notice, Removed = removed };

    private async IAsyncEnumerable<string?> Stream(string question, List<Passage> supplied, IReadOnlyList<ConversationTurn> history, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var chat = await _answerPrompt.RenderAsync(
            _templates,
            new KernelArguments { ["case"] = _caseName, ["passages"] = Passages(supplied), ["history"] = History(history), ["question"] = question },
            cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds * (_options.MaxRetries + 1)));
        await foreach (var part in _chat.Value.GetStreamingChatMessageContentsAsync(chat, _answerPrompt.Settings, cancellationToken: timeout.Token))
        {
            yield return part.Content;
        }
    }

    private static string Passages(List<Passage> passages)
    {
        var text = new StringBuilder();
        for (var i = 0; i < passages.Count; i++)
        {
            var p = passages[i];
            var date = p.Date?.ToString("d MMMM yyyy", CultureInfo.InvariantCulture) ?? "undated";
            text.Append('[').Append(i + 1).Append("] (").Append(AnswerVerifier.TrustedTitle(p) ?? "untitled").Append(", ").Append(date).Append(") ").AppendLine(AnswerVerifier.TrustedText(p));
        }

        return text.ToString();
    }

    private static string History(IReadOnlyList<ConversationTurn> history)
    {
        if (history.Count == 0)
        {
            return "(none)";
        }

        var text = new StringBuilder();
        foreach (var turn in history.TakeLast(3))
        {
            text.Append("User: ").AppendLine(turn.Question);
            text.Append("CaseBot: ").AppendLine(turn.Answer.Text.Split("\n\n")[0]);
        }

        return text.ToString();
    }

    private static bool IsModelFault(Exception ex, CancellationToken cancellationToken) =>
        ex is HttpOperationException or HttpRequestException or ClientResultException or IOException or InvalidOperationException or System.Text.Json.JsonException
        || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private void LogFault(Exception fault)
    {
        var status = fault switch
        {
            HttpOperationException { StatusCode: { } code } => code,
            ClientResultException { Status: > 0 } c => (HttpStatusCode)c.Status,
            _ => (HttpStatusCode?)null,
        };
        if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            Log.KeyRejected(_logger, _options.Endpoint, (int)status.Value);
        }
        else
        {
            Log.ModelUnavailable(_logger, _options.Endpoint, status is null ? fault.GetType().Name : ((int)status).ToString(CultureInfo.InvariantCulture), fault.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Error, Message = "The model endpoint {Endpoint} rejected the API key ({Status}); answering extractively. Set Answering__ApiKey (environment or user-secrets).")]
        public static partial void KeyRejected(ILogger logger, string? endpoint, int status);

        [LoggerMessage(Level = LogLevel.Warning, Message = "The model endpoint {Endpoint} failed ({Status}: {Message}); answering extractively")]
        public static partial void ModelUnavailable(ILogger logger, string? endpoint, string status, string message);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Rewriting a follow-up with the model failed ({Error}: {Message}); using the conversation's words instead")]
        public static partial void RewriteFailed(ILogger logger, string error, string message);

        [LoggerMessage(Level = LogLevel.Debug, Message = "No answer from the first passages (the model found none, or none of what it wrote was supported); asking again with the next {Passages}")]
        public static partial void SecondLook(ILogger logger, int passages);

        [LoggerMessage(Level = LogLevel.Debug, Message = "Model answer verified: {Citations} citations kept, {Removed} removals, not-in-articles={NotInArticles}")]
        public static partial void Verified(ILogger logger, int citations, int removed, bool notInArticles);
    }
}
