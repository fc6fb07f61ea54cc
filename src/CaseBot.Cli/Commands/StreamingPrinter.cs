using CaseBot.Core.Answering;

namespace CaseBot.Cli.Commands;

/// <summary>
/// Prints an answer as it streams (model mode), then the citations. Only sentences that passed verification are
/// printed as they come (never the model's unchecked text); when the final answer differs from them (the extractive
/// answer replaced the model's), it is printed in full after them.
/// </summary>
internal static class StreamingPrinter
{
    public static async Task<Answer> PrintAsync(IAsyncEnumerable<AnswerUpdate> updates, TextWriter output, bool verbose, CancellationToken cancellationToken)
    {
        var printed = string.Empty;
        Answer? final = null;
        await foreach (var update in updates.WithCancellation(cancellationToken))
        {
            if (update.Final is { } answer)
            {
                final = answer;
                continue;
            }

            var soFar = update.VerifiedTextSoFar ?? string.Empty;
            if (soFar.StartsWith(printed, StringComparison.Ordinal))
            {
                await output.WriteAsync(soFar[printed.Length..]);
                await output.FlushAsync(cancellationToken);
                printed = soFar;
            }
        }

        if (final is null)
        {
            throw new InvalidOperationException("The answer stream ended without an answer.");
        }

        if (printed.Length == 0)
        {
            await output.WriteLineAsync(AnswerFormatter.Text(final, verbose));
            return final;
        }

        await output.WriteLineAsync();
        var checkedText = AnswerFormatter.Text(final, verbose);
        if (!string.Equals(Squash(printed), Squash(final.Text), StringComparison.Ordinal))
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync("Checked against the articles, the answer is:");
        }
        else
        {
            // Same text: show only the notice and the footnotes.
            checkedText = checkedText[(checkedText.IndexOf(final.Text, StringComparison.Ordinal) + final.Text.Length)..];
        }

        await output.WriteLineAsync(checkedText.TrimEnd());
        return final;
    }

    private static string Squash(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
