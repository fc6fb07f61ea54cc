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

    /// <summary>Accuracy (answerable turns) and abstain (unanswerable and off-topic turns) per <c>style</c> of the question set.</summary>
    public IReadOnlyDictionary<string, GroupFigures> ByStyle { get; init; } = new Dictionary<string, GroupFigures>();

    /// <summary>Accuracy and false abstentions per kind of answer asked for (amount, date, person…).</summary>
    public IReadOnlyDictionary<string, GroupFigures> ByAnswerType { get; init; } = new Dictionary<string, GroupFigures>();

    public string Summary => string.Create(
        CultureInfo.InvariantCulture,
        $"accuracy={Accuracy.Value:0.00} support={Support.Value:0.00} abstain={Abstain.Value:0.00} falseAbstain={FalseAbstain.Value:0.00} forbidden_absent={ForbiddenAbsent.ValueOr(1):0.00}");
}

/// <summary>The figures of one group of turns.</summary>
public sealed class GroupFigures
{
    public Ratio Accuracy { get; set; }

    public Ratio FalseAbstain { get; set; }

    public Ratio Abstain { get; set; }

    public override string ToString()
    {
        var parts = new List<string>();
        if (Accuracy.Total > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"accuracy {Accuracy.Value:0.00} ({Accuracy}), falseAbstain {FalseAbstain.Value:0.00} ({FalseAbstain})"));
        }

        if (Abstain.Total > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"abstain {Abstain.Value:0.00} ({Abstain})"));
        }

        return string.Join(", ", parts);
    }
}

/// <summary>A count of hits out of a count of tries.</summary>
public readonly record struct Ratio(int Hits, int Total)
{
    public double Value => ValueOr(0);

    public double ValueOr(double whenEmpty) => Total == 0 ? whenEmpty : (double)Hits / Total;

    public override string ToString() => $"{Hits}/{Total}";
}

public sealed record EvalFailure(string CaseId, string Problem, string Detail);
