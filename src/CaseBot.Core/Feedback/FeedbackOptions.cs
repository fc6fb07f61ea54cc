using System.ComponentModel.DataAnnotations;

namespace CaseBot.Core.Feedback;

/// <summary>Where feedback on answers is kept, and how many answer receipts are remembered for it (section <c>Feedback</c>).</summary>
public sealed class FeedbackOptions
{
    public const string SectionName = "Feedback";

    /// <summary>The JSONL file each feedback is appended to (relative paths as <see cref="CaseBotOptions.ResolvePath"/>); created on demand.</summary>
    [Required]
    public string Path { get; set; } = "data/feedback.jsonl";

    /// <summary>Answers remembered per conversation for the feedback that may follow them (older ones are forgotten).</summary>
    [Range(1, 1000)]
    public int ReceiptsPerConversation { get; set; } = 20;

    /// <summary>Conversations remembered at most (the least recently active are forgotten first).</summary>
    [Range(1, 1_000_000)]
    public int MaxConversations { get; set; } = 10_000;
}
