using CaseBot.Cli.Commands;
using CaseBot.Core.Answering;

namespace CaseBot.Cli.Tests;

public sealed class StreamingPrinterTests
{
    private static readonly Citation Source = new(1, "a.txt", "The ruling", new DateOnly(2023, 5, 9), "The jury awarded her $5 million.", 0, 32, "a.txt#0");

    [Fact]
    public async Task Print_ModelStream_ShowsOnlyVerifiedSentencesAsTheyCome_NeverTheUncheckedOne()
    {
        const string Good = "The jury awarded her $5 million [1].";
        const string Invented = "The judge is her cousin [1].";
        var final = new Answer("The jury awarded her $5 million [1]", AnswerStatus.Answered, [Source]) { Composer = "model" };
        var output = new StringWriter();

        await StreamingPrinter.PrintAsync(Updates(
            new AnswerUpdate(Good, null) { VerifiedTextSoFar = null },
            new AnswerUpdate(Good + " " + Invented, null) { VerifiedTextSoFar = Good },
            new AnswerUpdate(Good + " " + Invented + " Trump appealed.", null) { VerifiedTextSoFar = Good },
            new AnswerUpdate(null, final)), output, verbose: false, TestContext.Current.CancellationToken);

        var printed = output.ToString();
        Assert.DoesNotContain("cousin", printed, StringComparison.Ordinal);
        Assert.StartsWith(Good, printed, StringComparison.Ordinal);
        Assert.Contains("The ruling", printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Print_NothingVerifiedWhileStreaming_PrintsTheFinalAnswerOnce()
    {
        var final = new Answer("The jury awarded her $5 million. [1]", AnswerStatus.Answered, [Source]) { Composer = "extractive-fallback" };
        var output = new StringWriter();

        await StreamingPrinter.PrintAsync(Updates(
            new AnswerUpdate("Something unsupported.", null),
            new AnswerUpdate(null, final)), output, verbose: false, TestContext.Current.CancellationToken);

        var printed = output.ToString();
        Assert.DoesNotContain("unsupported", printed, StringComparison.Ordinal);
        Assert.Equal(2, printed.Split("The jury awarded her $5 million. [1]").Length);
        Assert.StartsWith("The jury awarded her $5 million. [1]", printed, StringComparison.Ordinal);
    }

    private static async IAsyncEnumerable<AnswerUpdate> Updates(params AnswerUpdate[] updates)
    {
        foreach (var update in updates)
        {
            await Task.Yield();
            yield return update;
        }
    }
}
