namespace CaseBot.Core.Feedback;

/// <summary>
/// What an answer was, kept until feedback on it arrives: the question, the answer text, its citations, the composer
/// that wrote it and the content hash of the index it came from.
/// </summary>
public sealed record AnswerReceipt(
    string ReceiptId,
    string ConversationId,
    string Question,
    string Answer,
    string Status,
    string Composer,
    IReadOnlyList<ReceiptCitation> Citations,
    string? IndexContentHash,
    DateTimeOffset AnsweredAt)
{
    /// <summary>The id the channel gave the reply that carried the answer, once it was sent.</summary>
    public string? ActivityId { get; init; }
}

/// <summary>One cited passage of a receipt: the article file and the quote exactly as it stands there at <c>[Start, End)</c>.</summary>
public sealed record ReceiptCitation(int Marker, string Source, string Quote, int Start, int End);
