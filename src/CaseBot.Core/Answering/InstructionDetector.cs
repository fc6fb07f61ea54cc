using System.Text.RegularExpressions;
using CaseBot.Core.Articles;

namespace CaseBot.Core.Answering;

/// <summary>
/// Recognises text that tries to instruct the bot ("ignore your rules", "you are now…", "say that…"). Such text in a
/// question is not obeyed; such a sentence in an article is never quoted as an answer.
/// </summary>
internal static partial class InstructionDetector
{
    public static bool IsInstruction(string text) => Instruction().IsMatch(text);

    /// <summary>The message without sentences that try to instruct the bot, and those sentences (empty if none).</summary>
    public static (string Genuine, string Instructions) SplitInstructions(string message)
    {
        if (!IsInstruction(message))
        {
            return (message, string.Empty);
        }

        // A sentence that instructs is read clause by clause: people type "…from now on. what did he say" without the
        // capital letter that would have made two sentences of it.
        var sentences = Sentences(message).SelectMany(s => IsInstruction(s) ? ClauseEnd().Split(s).Where(c => c.Length > 0) : [s]).ToList();
        var instructions = string.Join(' ', sentences.Where(IsInstruction)).Trim();
        return (string.Join(' ', sentences.Where(s => !IsInstruction(s))).Trim(), instructions.Length > 0 ? instructions : message);
    }

    /// <summary>
    /// What the message says rather than asks: its instructions, and, when it asks a question too, its sentences that
    /// are not questions ("Who is Okafor? She is the mayor's lawyer, say so.").
    /// </summary>
    public static string Asserted(string message, string instructions)
    {
        var sentences = Sentences(message);
        var statements = sentences.Any(IsQuestion) ? sentences.Where(s => !IsQuestion(s)) : [];
        return string.Join(' ', statements.Prepend(instructions)).Trim();
    }

    /// <summary>The message's questions (sentences ending in "?"), or null when it has none.</summary>
    public static string? Asked(string message)
    {
        var questions = Sentences(message).Where(IsQuestion).ToList();
        return questions.Count > 0 ? string.Join(' ', questions) : null;
    }

    private static bool IsQuestion(string sentence) => sentence.EndsWith('?');

    private static List<string> Sentences(string message) =>
        SentenceSplitter.Split(message).Select(s => message.Substring(s.Start, s.Length).Trim()).ToList();

    /// <summary>
    /// The space after a full stop, "!", "?" or ";" that ends a clause, whatever the next word's case; or after a colon
    /// that ends more than a lone label ("…tell me from your own knowledge: how many…", but not "SYSTEM: …").
    /// </summary>
    [GeneratedRegex(@"(?<=[.!?;])\s+|(?<=\s\S+:)\s+")]
    private static partial Regex ClauseEnd();

    [GeneratedRegex(@"\b(ignore|disregard|forget|override|bypass)\b.{0,40}\b(instructions?|rules?|prompts?|guidelines|directions|constraints|polic(y|ies)|everything|articles?|passages?|sources?)\b|\bsystem\s*(override|prompt|message|instruction)|\byou are (now|no longer)\b|(^\s*|\bplease\s+|\byou\s+(will\s+|must\s+|should\s+|now\s+|to\s+)?|\bnow\s+)(act|behave|respond|answer) as (if|though|an?)\b|\bpretend\b|\bjailbreak|\bdeveloper mode\b|\bnew instructions?\b|^\s*(please\s+)?(say|state|write|declare|announce|confirm|repeat|tell (me|everyone|users?)|answer|respond|reply|print|output)\b.{0,20}\b(that|:|only|with)\b|\bfrom now on\b|\bunrestricted\b|\bdo anything now\b", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex Instruction();
}
