using System.Text.RegularExpressions;

namespace CaseBot.Core.Answering;

/// <summary>
/// Recognises text that tries to instruct the bot ("ignore your rules", "you are now…", "say that…"). Such text in a
/// question is not obeyed; such a sentence in an article is never quoted as an answer.
/// </summary>
internal static partial class InstructionDetector
{
    public static bool IsInstruction(string text) => Instruction().IsMatch(text);

    [GeneratedRegex(@"\b(ignore|disregard|forget|override|bypass)\b.{0,40}\b(instructions?|rules?|prompts?|guidelines|directions|constraints|polic(y|ies)|everything)\b|\bsystem\s*(override|prompt|message|instruction)|\byou are (now|no longer)\b|\b(act|behave|respond|answer) as (if|though|an?)\b|\bpretend\b|\bjailbreak|\bdeveloper mode\b|\bnew instructions?\b|^\s*(please\s+)?(say|state|write|declare|announce|confirm|repeat|tell (me|everyone|users?)|answer|respond|reply|print|output)\b.{0,20}\b(that|:|only|with)\b|\bfrom now on\b|\bunrestricted\b|\bdo anything now\b", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex Instruction();
}
