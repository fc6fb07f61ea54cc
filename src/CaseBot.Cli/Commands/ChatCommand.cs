using System.CommandLine;
using System.Text.Json;
using CaseBot.Core.Answering;
using CaseBot.Core.Retrieval;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CaseBot.Cli.Commands;

internal static partial class ChatCommand
{
    public static Command Create(HostPaths paths, TextReader input, TextWriter output, TextWriter error)
    {
        var jsonl = new Option<bool>("--jsonl") { Description = "Read {\"conversationId\",\"text\"} lines from stdin; write one JSON answer line each to stdout." };
        var command = new Command("chat", "Ask questions one after another; follow-ups keep the conversation.") { jsonl };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = paths.BuildHost(parse);
            host.Services.GetRequiredService<PassageIndex>().EnsureReady();
            var chat = host.Services.GetRequiredService<CaseBotChat>();
            var logger = host.Services.GetRequiredService<ILogger<CaseBotChat>>();
            if (parse.GetValue(jsonl))
            {
                await RunJsonlAsync(chat, logger, input, output, cancellationToken);
            }
            else
            {
                await RunInteractiveAsync(chat, host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<CaseBot.Core.CaseProfile>>().Value.Name, input, output, error, cancellationToken);
            }

            return 0;
        });
        return command;
    }

    internal static async Task RunJsonlAsync(CaseBotChat chat, ILogger logger, TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        var lineNumber = 0;
        while (await input.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            string? conversationId = null;
            string? text = null;
            try
            {
                (conversationId, text) = ParseRequest(line);
                var answer = await chat.AskAsync(conversationId, text, cancellationToken);
                await output.WriteLineAsync(AnswerFormatter.JsonLine(conversationId, text, answer));
            }
            catch (FormatException ex)
            {
                await output.WriteLineAsync(AnswerFormatter.ErrorLine(conversationId, text, $"line {lineNumber}: {ex.Message}"));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.TurnFailed(logger, ex, conversationId, lineNumber);
                await output.WriteLineAsync(AnswerFormatter.ErrorLine(conversationId, text, $"line {lineNumber}: the question could not be answered ({ex.GetType().Name})."));
            }

            await output.FlushAsync(cancellationToken);
        }
    }

    private static (string ConversationId, string Text) ParseRequest(string line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not valid JSON ({ex.Message}). Expected {{\"conversationId\": \"...\", \"text\": \"...\"}}.", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("expected a JSON object {\"conversationId\": \"...\", \"text\": \"...\"}.");
            }

            if (!root.TryGetProperty("conversationId", out var id) || id.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(id.GetString()))
            {
                throw new FormatException("\"conversationId\" must be a non-empty string.");
            }

            if (!root.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
            {
                throw new FormatException("\"text\" must be a string.");
            }

            return (id.GetString()!, text.GetString()!);
        }
    }

    private static async Task RunInteractiveAsync(CaseBotChat chat, string caseName, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        await error.WriteLineAsync($"Ask about {caseName}. Follow-ups keep the conversation; /new starts a new one; Ctrl+D or /quit ends.");
        var conversation = 1;
        while (true)
        {
            await error.WriteAsync("> ");
            var line = await input.ReadLineAsync(cancellationToken);
            if (line is null || line.Trim() is "/quit" or "/exit")
            {
                return;
            }

            if (line.Trim() == "/new")
            {
                conversation++;
                await error.WriteLineAsync("(new conversation)");
                continue;
            }

            await StreamingPrinter.PrintAsync(chat.AskStreamingAsync($"console-{conversation}", line, cancellationToken), output, cancellationToken);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Error, Message = "Turn failed in conversation {ConversationId} (input line {Line})")]
        public static partial void TurnFailed(ILogger logger, Exception exception, string? conversationId, int line);
    }
}
