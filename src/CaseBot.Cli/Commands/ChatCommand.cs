using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CaseBot.Core;
using CaseBot.Core.Answering;
using CaseBot.Core.Retrieval;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseBot.Cli.Commands;

internal static partial class ChatCommand
{
    public static Command Create(HostPaths paths, TextReader input, TextWriter output, TextWriter error)
    {
        var jsonl = new Option<bool>("--jsonl") { Description = "Read {\"conversationId\",\"text\"} lines from stdin; write one JSON answer line each to stdout." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Also show each cited article's file name and the quote's character offsets." };
        var command = new Command("chat", "Ask questions one after another; follow-ups keep the conversation. /help lists the chat's commands.") { jsonl, verbose };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = paths.BuildHost(parse);
            var chat = host.Services.GetRequiredService<CaseBotChat>();
            var logger = host.Services.GetRequiredService<ILogger<CaseBotChat>>();
            if (CorpusCheck.EnsureArticles(host.Services) is { } problem)
            {
                // The chat still runs (a --jsonl caller gets its one line per request), but nobody should have to
                // discover by asking that every answer will be "not in the articles".
                await error.WriteLineAsync($"casebot: {problem} Every question will be answered as not in the articles.");
                host.Services.GetRequiredService<PassageIndex>().EnsureReady();
            }

            if (parse.GetValue(jsonl))
            {
                await RunJsonlAsync(chat, logger, input, output, cancellationToken);
            }
            else
            {
                var profile = host.Services.GetRequiredService<IOptions<CaseProfile>>().Value;
                await RunInteractiveAsync(chat, profile, input, output, error, parse.GetValue(verbose), cancellationToken);
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

    private static async Task RunInteractiveAsync(CaseBotChat chat, CaseProfile profile, TextReader input, TextWriter output, TextWriter error, bool verbose, CancellationToken cancellationToken)
    {
        await error.WriteLineAsync($"Ask about {profile.Name}. /help lists the commands and example questions; Ctrl+D or /quit ends.");
        var conversation = 1;
        while (true)
        {
            await error.WriteAsync("> ");
            var line = await input.ReadLineAsync(cancellationToken);
            var command = line?.Trim().ToLowerInvariant();
            switch (command)
            {
                case null or "/quit" or "/exit":
                    return;
                case "/new":
                    conversation++;
                    await error.WriteLineAsync("(new conversation)");
                    continue;
                case "/help" or "/?":
                    await output.WriteLineAsync(Help(profile));
                    continue;
                case ['/', .. var name] when name.Length > 0 && name.All(char.IsAsciiLetter):
                    await error.WriteLineAsync($"Unknown command {line!.Trim()}. /help lists the commands.");
                    continue;
            }

            await StreamingPrinter.PrintAsync(chat.AskStreamingAsync($"console-{conversation}", line, cancellationToken), output, verbose, cancellationToken);
        }
    }

    /// <summary>What <c>/help</c> prints: the chat's commands, then example questions from the case profile.</summary>
    internal static string Help(CaseProfile profile)
    {
        var help = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Ask about {profile.Name} in your own words; answers quote the news articles and cite them.")
            .AppendLine("Follow-up questions keep the conversation's context.")
            .AppendLine()
            .AppendLine("Commands:")
            .AppendLine("  /help   this list")
            .AppendLine("  /new    start a new conversation (earlier questions no longer count as context)")
            .AppendLine("  /quit   end the chat (also /exit, or Ctrl+D)");
        if (profile.ExampleQuestions.Count > 0)
        {
            help.AppendLine().AppendLine("For example:");
            foreach (var question in profile.ExampleQuestions)
            {
                help.Append("  ").AppendLine(question);
            }
        }

        return help.ToString().TrimEnd();
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Error, Message = "Turn failed in conversation {ConversationId} (input line {Line})")]
        public static partial void TurnFailed(ILogger logger, Exception exception, string? conversationId, int line);
    }
}
