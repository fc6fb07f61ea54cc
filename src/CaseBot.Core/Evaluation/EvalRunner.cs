using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using CaseBot.Core.Answering;

namespace CaseBot.Core.Evaluation;

/// <summary>Runs a question set through <see cref="CaseBotChat"/> in-process and scores it like <c>score.py</c>.</summary>
public sealed partial class EvalRunner(CaseBotChat chat)
{
    public static IReadOnlyList<EvalCase> Load(string path)
    {
        var cases = new List<EvalCase>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                cases.Add(JsonSerializer.Deserialize<EvalCase>(line) ?? throw new JsonException("empty entry"));
            }
            catch (JsonException ex)
            {
                throw new FormatException($"{path}:{number}: not a question-set entry ({ex.Message})", ex);
            }
        }

        return cases;
    }

    public async Task<EvalReport> RunAsync(IReadOnlyList<EvalCase> cases, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var run = Guid.NewGuid().ToString("N")[..8];
        int modelAnswers = 0, removedSome = 0, fallbacks = 0;
        int accuracy = 0, support = 0, answerable = 0, abstain = 0, abstainable = 0, falseAbstain = 0, forbidOk = 0, forbidTotal = 0, turns = 0;
        var failures = new List<EvalFailure>();
        var byStyle = new SortedDictionary<string, GroupFigures>(StringComparer.Ordinal);
        var byType = new SortedDictionary<string, GroupFigures>(StringComparer.Ordinal);
        var stopwatch = Stopwatch.StartNew();
        foreach (var @case in cases)
        {
            foreach (var turn in @case.Turns)
            {
                turns++;
                var answer = await chat.AskAsync($"eval-{run}-{@case.Id}", turn.Text, cancellationToken);
                var text = answer.Text;
                modelAnswers += answer.Composer == "model" ? 1 : 0;
                fallbacks += answer.Composer == "extractive-fallback" ? 1 : 0;
                removedSome += answer.Removed.Count > 0 ? 1 : 0;
                if (turn.Forbid is { Count: > 0 } forbid)
                {
                    forbidTotal++;
                    if (forbid.Any(f => Normalize(text).Contains(Normalize(f), StringComparison.Ordinal)))
                    {
                        failures.Add(new EvalFailure(@case.Id, "said forbidden", Short(text)));
                        continue;
                    }

                    forbidOk++;
                }

                if (@case.Kind is "answerable" or "conversation")
                {
                    answerable++;
                    falseAbstain += answer.Answered ? 0 : 1;
                    var expect = turn.Expect ?? [];
                    var ok = answer.Answered && expect.Any(alt => HasAll(text, alt));
                    var quotes = string.Join(' ', answer.Citations.Select(c => c.Quote));
                    var sources = turn.Sources ?? [];
                    var supported = ok && answer.Citations.Any(c => sources.Contains(c.Source)) && expect.Any(alt => HasAll(quotes, alt));
                    accuracy += ok ? 1 : 0;
                    support += supported ? 1 : 0;
                    foreach (var group in new[] { Group(byStyle, @case.Style ?? @case.Kind), Group(byType, answer.AnswerType.ToString().ToLowerInvariant()) })
                    {
                        group.Accuracy = new Ratio(group.Accuracy.Hits + (ok ? 1 : 0), group.Accuracy.Total + 1);
                        group.FalseAbstain = new Ratio(group.FalseAbstain.Hits + (answer.Answered ? 0 : 1), group.FalseAbstain.Total + 1);
                    }
                    if (!ok)
                    {
                        failures.Add(new EvalFailure(@case.Id, "wrong", $"{turn.Text} => {Short(text)}"));
                    }
                    else if (!supported)
                    {
                        failures.Add(new EvalFailure(@case.Id, "unsupported", $"{turn.Text} => cites {string.Join(',', answer.Citations.Select(c => c.Source).Distinct())}"));
                    }
                }
                else if (@case.Kind is "unanswerable" or "out_of_scope")
                {
                    abstainable++;
                    abstain += answer.Answered ? 0 : 1;
                    var negative = Group(byStyle, @case.Style ?? @case.Kind);
                    negative.Abstain = new Ratio(negative.Abstain.Hits + (answer.Answered ? 0 : 1), negative.Abstain.Total + 1);
                    if (answer.Answered)
                    {
                        failures.Add(new EvalFailure(@case.Id, "should abstain", $"{turn.Text} => {Short(text)}"));
                    }
                }
            }
        }

        return new EvalReport(
            new Ratio(accuracy, answerable),
            new Ratio(support, answerable),
            new Ratio(abstain, abstainable),
            new Ratio(falseAbstain, answerable),
            new Ratio(forbidOk, forbidTotal),
            failures,
            turns,
            stopwatch.Elapsed)
        {
            ModelAnswers = modelAnswers,
            VerificationRemoved = removedSome,
            Fallbacks = fallbacks,
            ByStyle = byStyle,
            ByAnswerType = byType,
        };
    }

    private static GroupFigures Group(SortedDictionary<string, GroupFigures> groups, string key)
    {
        if (!groups.TryGetValue(key, out var group))
        {
            group = new GroupFigures();
            groups[key] = group;
        }

        return group;
    }

    /// <summary>As score.py: lower case, straight quotes, no thousands separators, single spaces.</summary>
    internal static string Normalize(string text)
    {
        var s = text.ToLowerInvariant().Replace('\u2019', '\'').Replace('\u201c', '"').Replace('\u201d', '"');
        s = ThousandsSeparator().Replace(s, string.Empty);
        return Whitespace().Replace(s, " ");
    }

    internal static bool HasAll(string text, IReadOnlyList<string> phrases)
    {
        var normalized = Normalize(text);
        return phrases.All(p => normalized.Contains(Normalize(p), StringComparison.Ordinal));
    }

    private static string Short(string text) => text.Length <= 200 ? text.ReplaceLineEndings(" ") : text[..200].ReplaceLineEndings(" ");

    [GeneratedRegex(@"(?<=\d),(?=\d{3})")]
    private static partial Regex ThousandsSeparator();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
