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
public sealed partial class CaseBotChat(Kernel kernel, IConversationStore conversations, IOptions<AnsweringOptions> options, ILogger<CaseBotChat> logger)
{
    public const string EmptyQuestionReply =
        "Ask me a question about E. Jean Carroll v. Donald J. Trump, for example: \"How much did the jury award Carroll?\" or \"Which judge presided over the trials?\"";

    private readonly AnsweringOptions _options = options.Value;

    public async Task<Answer> AskAsync(string conversationId, string? question, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        var text = Clean(question);
        if (text.Length == 0)
        {
            return new Answer(EmptyQuestionReply, AnswerStatus.EmptyQuestion, []);
        }

        string? notice = null;
        if (text.Length > _options.MaxQuestionLength)
        {
            notice = $"Your message was {text.Length:N0} characters long; I read only the first {_options.MaxQuestionLength:N0}.";
            text = text[.._options.MaxQuestionLength];
        }

        var history = conversations.Recent(conversationId);
        var arguments = new KernelArguments
        {
            ["question"] = text,
            ["history"] = history,
        };
        var answer = await kernel.InvokeAsync<Answer>(AnswerPlugin.PluginName, AnswerPlugin.FunctionName, arguments, cancellationToken)
            ?? throw new InvalidOperationException("The answer composer returned nothing.");
        if (notice is not null)
        {
            answer = answer with { Notice = answer.Notice is null ? notice : $"{notice} {answer.Notice}" };
        }

        conversations.Append(conversationId, new ConversationTurn(text, answer));
        Log.Answered(logger, conversationId, answer.Status, answer.Citations.Count);
        return answer;
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
