using System.ComponentModel.DataAnnotations;

namespace CaseBot.Core;

/// <summary>
/// The case CaseBot answers about (section <c>Case</c>): its name, a one-line description and example questions.
/// Greetings, declines, prompts and suggestions take their wording from here, so pointing CaseBot at another case's
/// articles needs configuration, not code.
/// </summary>
public sealed class CaseProfile
{
    public const string SectionName = "Case";

    /// <summary>How the case is named to users ("E. Jean Carroll v. Donald J. Trump").</summary>
    [Required]
    public string Name { get; set; } = "the case in these news articles";

    /// <summary>One line on what the case is about.</summary>
    public string Description { get; set; } = "Answers quoted and cited from news articles.";

    /// <summary>Questions the articles answer, offered as examples and suggestions.</summary>
    public List<string> ExampleQuestions { get; set; } = [];

    /// <summary>
    /// Questions a reader might ask next, each one the articles answer: after an answer, the closest in meaning that the
    /// pipeline answers are offered as follow-up suggestions. Empty: no follow-up suggestions.
    /// </summary>
    public List<string> SuggestedQuestions { get; set; } = [];
}
