using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using CaseBot.Core.Conversations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace CaseBot.Core.Answering;

/// <summary>
/// What hosts call: one question in a conversation in, one cited <see cref="Answer"/> out. Cleans the input, keeps
/// the conversation for follow-ups, and invokes the answer composer through the kernel.
/// </summary>
public sealed partial class CaseBotChat(Kernel kernel, IConversationStore conversations, IOptions<AnsweringOptions> options, IOptions<CaseProfile> caseProfile, CaseBotMetrics metrics, ILogger<CaseBotChat> logger)
{
    private readonly AnsweringOptions _options = options.Value;

    /// <summary>The reply to an empty message: what CaseBot is about, with example questions from the case profile.</summary>
    public string EmptyQuestionReply
    {
        get
        {
            var profile = caseProfile.Value;
            var examples = profile.ExampleQuestions.Take(2).Select(q => $"\"{q}\"").ToList();
            return examples.Count == 0
                ? $"Ask me a question about {profile.Name}."
                : $"Ask me a question about {profile.Name}, for example: {string.Join(" or ", examples)}";
        }
    }

    public async Task<Answer> AskAsync(string conversationId, string? question, CancellationToken cancellationToken = default)
    {
        Answer? final = null;
        await foreach (var update in AskStreamingAsync(conversationId, question, cancellationToken))
        {
            final = update.Final ?? final;
        }

        return final ?? throw new InvalidOperationException("The answer composer returned nothing.");
    }

    /// <summary>
    /// The answer as it is written: with a model configured, updates carry the text so far; the last update always
    /// carries the final, verified answer (which may differ from the streamed text where verification removed something).
    /// </summary>
    public async IAsyncEnumerable<AnswerUpdate> AskStreamingAsync(string conversationId, string? question, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        using var activity = CaseBotMetrics.ActivitySource.StartActivity("casebot.answer");
        var started = Stopwatch.GetTimestamp();
        var text = Clean(question);
        if (text.Length == 0)
        {
            yield return new AnswerUpdate(null, new Answer(EmptyQuestionReply, AnswerStatus.EmptyQuestion, []));
            yield break;
        }

        string? notice = null;
        if (text.Length > _options.MaxQuestionLength)
        {
            notice = $"Your message was {text.Length:N0} characters long; I read only the first {_options.MaxQuestionLength:N0}.";
            text = text[.._options.MaxQuestionLength];
        }

        var history = await conversations.RecentAsync(conversationId, cancellationToken);
        var arguments = new KernelArguments
        {
            ["question"] = text,
            ["history"] = history,
        };
        var function = kernel.Plugins.GetFunction(AnswerPlugin.PluginName, AnswerPlugin.StreamingFunctionName);
        Answer? answer = null;
        await foreach (var update in kernel.InvokeStreamingAsync<AnswerUpdate>(function, arguments, cancellationToken))
        {
            if (update.Final is null)
            {
                yield return update;
                continue;
            }

            answer = update.Final;
        }

        if (answer is null)
        {
            throw new InvalidOperationException("The answer composer returned nothing.");
        }

        if (notice is not null)
        {
            answer = answer with { Notice = answer.Notice is null ? notice : $"{notice} {answer.Notice}" };
        }

        // An off-topic or declined turn is not what a follow-up refers to: it does not become context.
        if (answer.Status is not (AnswerStatus.OffTopic or AnswerStatus.DeclinedInstruction))
        {
            await conversations.AppendAsync(conversationId, new ConversationTurn(text, answer), cancellationToken);
        }

        Log.Answered(logger, conversationId, answer.Status, answer.Citations.Count);
        metrics.Answered(answer, Stopwatch.GetElapsedTime(started));
        activity?.SetTag("casebot.status", answer.Status.ToString()).SetTag("casebot.composer", answer.Composer).SetTag("casebot.citations", answer.Citations.Count);
        yield return new AnswerUpdate(null, answer);
    }

    /// <summary>Control characters out, whitespace collapsed.</summary>
    private static string Clean(string? question)
    {
        if (string.IsNullOrWhiteSpace(question))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(question.Length);
        var space = false;
        foreach (var c in question)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Debug, Message = "Conversation {ConversationId}: {Status} with {Citations} citations")]
        public static partial void Answered(ILogger logger, string conversationId, AnswerStatus status, int citations);
    }
}
