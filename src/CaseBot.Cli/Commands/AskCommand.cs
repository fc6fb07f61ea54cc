using System.CommandLine;
using CaseBot.Core.Answering;
using Microsoft.Extensions.DependencyInjection;

namespace CaseBot.Cli.Commands;

internal static class AskCommand
{
    public static Command Create(HostPaths paths, TextWriter output, TextWriter error)
    {
        var question = new Argument<string[]>("question") { Description = "The question (quote it, or give it as several words).", Arity = ArgumentArity.ZeroOrMore };
        var json = new Option<bool>("--json") { Description = "Print the answer as one JSON object (the chat --jsonl format)." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Also show each cited article's file name and the quote's character offsets." };
        var command = new Command("ask", "Answer one question, then list the cited passages.") { question, json, verbose };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = paths.BuildHost(parse);
            if (CorpusCheck.EnsureArticles(host.Services) is { } problem)
            {
                await error.WriteLineAsync($"casebot: {problem}");
                return 1;
            }

            var chat = host.Services.GetRequiredService<CaseBotChat>();
            var text = string.Join(' ', parse.GetValue(question) ?? []);
            if (parse.GetValue(json))
            {
                var answer = await chat.AskAsync("console", text, cancellationToken);
                await output.WriteLineAsync(AnswerFormatter.JsonLine("console", text, answer));
            }
            else
            {
                await StreamingPrinter.PrintAsync(chat.AskStreamingAsync("console", text, cancellationToken), output, parse.GetValue(verbose), cancellationToken);
            }

            return 0;
        });
        return command;
    }
}
