using System.Globalization;

namespace CaseBot.Core.Evaluation;

/// <summary>The figures of a question-set run, computed as <c>shared/eval/score.py</c> computes them.</summary>
public sealed record EvalReport(
    Ratio Accuracy,
    Ratio Support,
    Ratio Abstain,
    Ratio FalseAbstain,
    Ratio ForbiddenAbsent,
    IReadOnlyList<EvalFailure> Failures,
    int Turns,
    TimeSpan Elapsed)
{
    /// <summary>Answers a model wrote (kept after verification).</summary>
    public int ModelAnswers { get; init; }

    /// <summary>Answers where verification removed something (a marker, a sentence).</summary>
    public int VerificationRemoved { get; init; }

    /// <summary>Answers that fell back to the extractive composer.</summary>
    public int Fallbacks { get; init; }

    public string Summary => string.Create(
        CultureInfo.InvariantCulture,
        $"accuracy={Accuracy.Value:0.00} support={Support.Value:0.00} abstain={Abstain.Value:0.00} falseAbstain={FalseAbstain.Value:0.00} forbidden_absent={ForbiddenAbsent.ValueOr(1):0.00}");
}

/// <summary>A count of hits out of a count of tries.</summary>
public readonly record struct Ratio(int Hits, int Total)
{
    public double Value => ValueOr(0);

    public double ValueOr(double whenEmpty) => Total == 0 ? whenEmpty : (double)Hits / Total;

    public override string ToString() => $"{Hits}/{Total}";
}

public sealed record EvalFailure(string CaseId, string Problem, string Detail);
