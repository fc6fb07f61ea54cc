namespace CaseBot.Core.Articles;

/// <summary>A half-open range <c>[Start, End)</c> of character offsets in an article file's text.</summary>
public readonly record struct TextSpan(int Start, int End)
{
    public int Length => End - Start;
}
