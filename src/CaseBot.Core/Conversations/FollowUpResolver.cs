using System.Text.RegularExpressions;

namespace CaseBot.Core.Conversations;

/// <summary>
/// Decides whether a question leans on earlier turns ("How old is she?", "And how much of that was for…") and, if
/// so, what from those turns should be searched with it: the previous question and the names its answer quoted.
/// </summary>
internal static partial class FollowUpResolver
{
    public static IReadOnlyList<string> ContextFor(string question, IReadOnlyList<ConversationTurn> history, int contentWords)
    {
        if (history.Count == 0 || !IsFollowUp(question, contentWords))
        {
            return [];
        }

        var last = history[^1];
        // The value that answered ("Okafor" for "Who was the contractor?") is whom "he" in the next question means.
        var context = new List<string> { last.Answer.AnswerSpan is { } span ? $"{last.Question} {span.Text}" : last.Question };
        // Names from what the answer quoted, not from the notes around it ("[1] is from a report dated Thursday…").
        var quoted = last.Answer.Citations.Count > 0 ? string.Join('\n', last.Answer.Citations.Select(c => c.Quote)) : last.Answer.Text;
        var names = string.Join(' ', Names().Matches(quoted).Select(m => m.Value).Distinct(StringComparer.Ordinal));
        if (names.Length > 0)
        {
            context.Add(names);
        }

        // A chain of follow-ups keeps the subject of the conversation.
        if (history.Count > 1 && last.Answer.SearchedFor is { } earlier && !string.Equals(earlier, last.Question, StringComparison.Ordinal))
        {
            context.Add(earlier);
        }

        return context;
    }

    public static bool IsFollowUp(string question, int contentWords)
    {
        if (contentWords <= 1 || Continuation().IsMatch(question))
        {
            return true;
        }

        // "What does Carroll want in her first lawsuit?" names whom its pronoun means; "How old is she?" does not.
        var namesSomeone = ProperNoun().IsMatch(question);
        return Anaphora().IsMatch(question) && !(namesSomeone && contentWords >= 3);
    }

    [GeneratedRegex(@"(?<=\S\s+)\p{Lu}\p{Ll}+")]
    private static partial Regex ProperNoun();

    [GeneratedRegex(@"\b(he|him|his|she|her|hers|they|them|their|it|its|that|this|those|these|there|then|the same|same)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Anaphora();

    [GeneratedRegex(@"^\s*(and|also|so|but|what about|how about|then|ok|okay)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Continuation();

    [GeneratedRegex(@"\b(\p{Lu}\.?\s)?\p{Lu}[\p{Ll}'’]+(\s\p{Lu}\.(?=\s))?(\s\p{Lu}[\p{Ll}'’]+)*")]
    private static partial Regex Names();
}
