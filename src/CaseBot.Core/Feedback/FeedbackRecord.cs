namespace CaseBot.Core.Feedback;

/// <summary>One line of the feedback file: the reaction, any comment, where it came from, and the receipt of the answer it is about (null if no longer remembered).</summary>
public sealed record FeedbackRecord(
    DateTimeOffset Time,
    string Reaction,
    string? Comment,
    string Channel,
    string ConversationId,
    string? ActivityId,
    AnswerReceipt? Receipt);

/// <summary>
/// What became of one feedback: recorded (with or without its answer's receipt), or not, with the reason;
/// <see cref="StorageFailed"/> when the payload was fine but the file could not be written (worth sending again).
/// </summary>
public sealed record FeedbackOutcome(bool Recorded, bool ReceiptFound, string? Error, bool StorageFailed = false)
{
    public static FeedbackOutcome Refused(string error) => new(false, false, error);
}
