using System.Text.Json;

namespace CaseBot.Cli.Tests;

/// <summary>Runs the console in-process with its own stdin, stdout and stderr, over a private index folder.</summary>
public sealed class CliRun : IDisposable
{
    private readonly string _index = Path.Combine(Path.GetTempPath(), "casebot-cli-tests", Guid.NewGuid().ToString("N"));

    public string IndexPath => _index;


    public async Task<(int ExitCode, string Out, string Err)> RunAsync(string input, params string[] args)
    {
        using var stdin = new StringReader(input);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--index", _index], stdin, stdout, stderr, TestContext.Current.CancellationToken);
        return (code, stdout.ToString(), stderr.ToString());
    }

    public static List<JsonElement> JsonLines(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    public static string Jsonl(params (string Conversation, string Text)[] turns) =>
        string.Join('\n', turns.Select(t => JsonSerializer.Serialize(new { conversationId = t.Conversation, text = t.Text })));

    public void Dispose()
    {
        if (Directory.Exists(_index))
        {
            Directory.Delete(_index, recursive: true);
        }
    }
}
