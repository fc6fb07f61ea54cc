namespace CaseBot.Core.Answering;

/// <summary>The part of a cited quote that answers (the amount, date or name asked for), with its article offsets.</summary>
public sealed record AnswerSpan(int Marker, string Text, int Start, int End);
