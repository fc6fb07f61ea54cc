using System.Text.Json.Serialization;

namespace CaseBot.Core.Evaluation;

/// <summary>One entry of a question set (format of <c>shared/eval/README.md</c>).</summary>
public sealed record EvalCase(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("turns")] IReadOnlyList<EvalTurn> Turns,
    [property: JsonPropertyName("style")] string? Style = null);

public sealed record EvalTurn(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("expect")] IReadOnlyList<IReadOnlyList<string>>? Expect = null,
    [property: JsonPropertyName("sources")] IReadOnlyList<string>? Sources = null,
    [property: JsonPropertyName("forbid")] IReadOnlyList<string>? Forbid = null);
