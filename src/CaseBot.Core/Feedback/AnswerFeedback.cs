using System.Globalization;
using System.Text;
using System.Text.Json;
using CaseBot.Core.Answering;
using CaseBot.Core.Retrieval;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseBot.Core.Feedback;

/// <summary>
/// Feedback on answers: remembers a receipt of each answer sent (bounded, in memory) and appends each feedback, with
/// the receipt of the answer it is about, as one JSON line to <see cref="FeedbackOptions.Path"/>. Also remembers what was
/// asked in each conversation, so that suggestions do not repeat it.
/// </summary>
public sealed partial class AnswerFeedback : IDisposable
{
    /// <summary>The reactions a feedback may carry.</summary>
    public static readonly IReadOnlyList<string> Reactions = ["like", "dislike"];

    private static readonly JsonSerializerOptions LineJson = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    private readonly ReceiptBook _book;
    private readonly PassageIndex _index;
    private readonly TimeProvider _clock;
    private readonly ILogger<AnswerFeedback> _logger;
    private readonly SemaphoreSlim _write = new(1, 1);

    internal AnswerFeedback(IOptions<FeedbackOptions> options, IOptions<CaseBotOptions> paths, PassageIndex index, TimeProvider clock, ILogger<AnswerFeedback> logger)
    {
        var feedback = options.Value;
        _book = new ReceiptBook(feedback.ReceiptsPerConversation, feedback.MaxConversations);
        _index = index;
        _clock = clock;
        _logger = logger;
        FilePath = paths.Value.ResolvePath(feedback.Path);
    }

    /// <summary>The JSONL file feedback goes to (full path).</summary>
    public string FilePath { get; }

    /// <summary>A receipt of an answer about to be sent (not remembered until <see cref="Remember"/>).</summary>
    public AnswerReceipt Receipt(string conversationId, string question, Answer answer)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(answer);
        return new AnswerReceipt(
            Guid.NewGuid().ToString("N"),
            conversationId,
            question,
            answer.Text,
            answer.Status.ToString(),
            answer.Composer,
            [.. answer.Citations.Select(c => new ReceiptCitation(c.Marker, c.Source, c.Quote, c.Start, c.End))],
            _index.ContentHash,
            _clock.GetUtcNow());
    }

    /// <summary>Keeps the receipt (with the id of the activity that carried it, when known) until feedback may arrive.</summary>
    public void Remember(AnswerReceipt receipt) => _book.Remember(receipt);

    /// <summary>How long feedback naming an unknown answer waits for an answer of its conversation still being delivered.</summary>
    public static readonly TimeSpan DeliveryWait = TimeSpan.FromSeconds(5);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource> _delivering = new(StringComparer.Ordinal);

    /// <summary>
    /// Marks an answer of the conversation as being delivered until the result is disposed (after <see cref="Remember"/>).
    /// Feedback can name the answer's activity as soon as the channel has it, before the bot has learnt its id and
    /// remembered the receipt; feedback that arrives then waits for the delivery instead of losing its receipt.
    /// </summary>
    public IDisposable Delivering(string conversationId)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _delivering[conversationId] = done;
        return new Delivery(() =>
        {
            _delivering.TryRemove(new KeyValuePair<string, TaskCompletionSource>(conversationId, done));
            done.TrySetResult();
        });
    }

    private sealed class Delivery(Action end) : IDisposable
    {
        public void Dispose() => end();
    }

    /// <summary>Notes a question asked in a conversation.</summary>
    public void Asked(string conversationId, string question) => _book.Asked(conversationId, question);

    /// <summary>The questions asked in a conversation, as far as they are remembered, oldest first.</summary>
    public IReadOnlyList<string> AskedIn(string conversationId) => _book.AskedIn(conversationId);

    /// <summary>The remembered receipt of an answer, by receipt id or by the id of the activity that carried it.</summary>
    public AnswerReceipt? Find(string conversationId, string key) => _book.Find(conversationId, key);

    /// <summary>
    /// Appends one feedback line. A reaction other than <see cref="Reactions"/> is refused (nothing written); feedback on an
    /// answer no longer remembered is still recorded, with a null receipt. Lines from concurrent calls never interleave.
    /// </summary>
    public async Task<FeedbackOutcome> RecordAsync(string channel, string conversationId, string? answerKey, string? reaction, string? comment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        var normalised = reaction?.Trim().ToLowerInvariant();
        if (normalised is null || !Reactions.Contains(normalised))
        {
            var error = reaction is null
                ? "The feedback has no reaction; send \"like\" or \"dislike\"."
                : $"The reaction '{Shorten(reaction)}' is not one of: like, dislike.";
            Log.Refused(_logger, conversationId, error);
            return FeedbackOutcome.Refused(error);
        }

        var receipt = string.IsNullOrEmpty(answerKey) ? null : _book.Find(conversationId, answerKey);
        if (receipt is null && !string.IsNullOrEmpty(answerKey) && _delivering.TryGetValue(conversationId, out var delivery))
        {
            try
            {
                await delivery.Task.WaitAsync(DeliveryWait, _clock, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Still not delivered: record the feedback without its receipt rather than hold the channel longer.
            }

            receipt = _book.Find(conversationId, answerKey);
        }
        var record = new FeedbackRecord(
            _clock.GetUtcNow(),
            normalised,
            string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(),
            channel,
            conversationId,
            receipt?.ActivityId ?? answerKey,
            receipt);
        var line = JsonSerializer.Serialize(record, LineJson) + "\n";
        try
        {
            await AppendAsync(Encoding.UTF8.GetBytes(line), cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.WriteFailed(_logger, ex, FilePath);
            return new FeedbackOutcome(false, receipt is not null, $"The feedback could not be stored ({ex.GetType().Name}); please try again later.", StorageFailed: true);
        }

        if (receipt is null)
        {
            Log.NoReceipt(_logger, conversationId, answerKey ?? "(none)");
        }

        Log.Recorded(_logger, conversationId, normalised, receipt is not null);
        return new FeedbackOutcome(true, receipt is not null, null);
    }

    private async Task AppendAsync(byte[] line, CancellationToken cancellationToken)
    {
        await _write.WaitAsync(cancellationToken);
        try
        {
            var folder = Path.GetDirectoryName(FilePath);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            // One write of the whole line, in append mode, shared with readers: a reader never sees half a line of ours.
            await using var file = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0, FileOptions.Asynchronous);
            await file.WriteAsync(line, cancellationToken);
            await file.FlushAsync(cancellationToken);
        }
        finally
        {
            _write.Release();
        }
    }

    public void Dispose() => _write.Dispose();

    private static string Shorten(string text) =>
        text.Length <= 40 ? text : string.Create(CultureInfo.InvariantCulture, $"{text[..40]}…");

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Feedback recorded in conversation {ConversationId}: {Reaction} (receipt found: {ReceiptFound})")]
        public static partial void Recorded(ILogger logger, string conversationId, string reaction, bool receiptFound);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Feedback in conversation {ConversationId} is about an answer no longer remembered ({AnswerKey}); recorded without its receipt")]
        public static partial void NoReceipt(ILogger logger, string conversationId, string answerKey);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Feedback refused in conversation {ConversationId}: {Error}")]
        public static partial void Refused(ILogger logger, string conversationId, string error);

        [LoggerMessage(Level = LogLevel.Error, Message = "Feedback could not be appended to {Path}")]
        public static partial void WriteFailed(ILogger logger, Exception exception, string path);
    }
}
