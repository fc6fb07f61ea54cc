using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CaseBot.Testing;

/// <summary>
/// An OpenAI-compatible chat completions server on 127.0.0.1 with scripted behaviour, plain and streamed (SSE), so
/// the real Semantic Kernel OpenAI connector can be tested offline, and the soak has a model to call. Each request takes
/// the next scripted step; the last step repeats (a <see cref="Script.Choose"/> step picks one per request).
/// </summary>
public sealed class FakeOpenAIServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Script> _steps = new();
    private Script _last = Script.Reply(_ => "NOT_IN_ARTICLES");
    private int _calls;

    public FakeOpenAIServer()
    {
        (_app, BaseUrl) = LoopbackHost.StartAsync(app => app.MapPost("/v1/chat/completions", HandleAsync)).GetAwaiter().GetResult();
    }

    public string BaseUrl { get; }

    public string Endpoint => $"{BaseUrl}/v1";

    /// <summary>Every request so far, unless <see cref="RecordRequests"/> is off.</summary>
    public ConcurrentQueue<Request> Requests { get; } = new();

    /// <summary>Whether <see cref="Requests"/> keeps each request (off for long runs, so memory stays flat).</summary>
    public bool RecordRequests { get; init; } = true;

    /// <summary>Characters per streamed chunk.</summary>
    public int ChunkLength { get; init; } = 12;

    public int Calls => Volatile.Read(ref _calls);

    public FakeOpenAIServer Then(Script step)
    {
        _steps.Enqueue(step);
        return this;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    /// <summary>The number [n] the prompt gives the passage containing <paramref name="text"/>.</summary>
    public static int PassageNumber(string prompt, string text)
    {
        foreach (var line in prompt.Split('\n'))
        {
            if (line.StartsWith('[') && line.Contains(text, StringComparison.Ordinal))
            {
                return int.Parse(line[1..line.IndexOf(']', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"No passage with \"{text}\" was supplied.");
    }

    private async Task HandleAsync(HttpContext http)
    {
        Interlocked.Increment(ref _calls);
        var body = (await JsonNode.ParseAsync(http.Request.Body))!.AsObject();
        var prompt = string.Join("\n", body["messages"]!.AsArray().Select(m => m!["content"]?.ToString() ?? string.Empty));
        var stream = body["stream"]?.GetValue<bool>() == true;
        if (RecordRequests)
        {
            var messages = body["messages"]!.AsArray().Select(m => (Role: m!["role"]?.ToString() ?? string.Empty, Content: m["content"]?.ToString() ?? string.Empty)).ToList();
            Requests.Enqueue(new Request(prompt, stream, http.Request.Headers.Authorization.ToString(), messages, body));
        }

        var step = _steps.TryDequeue(out var next) ? _last = next : _last;
        while (step.Pick is { } pick)
        {
            step = pick(prompt);
        }

        if (step.Status is { } status)
        {
            http.Response.StatusCode = status;
            if (step.RetryAfterSeconds is { } seconds)
            {
                http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await http.Response.WriteAsJsonAsync(new { error = new { message = $"scripted {status}", type = "server_error" } });
            return;
        }

        if (step.Hang is { } hang)
        {
            await Task.Delay(hang, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        var content = step.Content!(prompt);
        if (!stream)
        {
            await http.Response.WriteAsJsonAsync(new JsonObject
            {
                ["id"] = "chatcmpl-test",
                ["object"] = "chat.completion",
                ["created"] = 1_700_000_000,
                ["model"] = body["model"]?.ToString(),
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
                    ["finish_reason"] = "stop",
                }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 10, ["total_tokens"] = 20 },
            });
            return;
        }

        http.Response.ContentType = "text/event-stream";
        foreach (var piece in Pieces(content))
        {
            if (step.PieceDelay is { } delay)
            {
                await Task.Delay(delay, http.RequestAborted);
            }

            await Event(http, Chunk(body, new JsonObject { ["content"] = piece }, null));
        }

        await Event(http, Chunk(body, new JsonObject(), "stop"));
        await http.Response.WriteAsync("data: [DONE]\n\n");
    }

    private IEnumerable<string> Pieces(string content)
    {
        for (var i = 0; i < content.Length; i += ChunkLength)
        {
            yield return content.Substring(i, Math.Min(ChunkLength, content.Length - i));
        }
    }

    private static JsonObject Chunk(JsonObject request, JsonObject delta, string? finish) => new()
    {
        ["id"] = "chatcmpl-test",
        ["object"] = "chat.completion.chunk",
        ["created"] = 1_700_000_000,
        ["model"] = request["model"]?.ToString(),
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
    };

    private static async Task Event(HttpContext http, JsonObject chunk)
    {
        await http.Response.WriteAsync($"data: {chunk.ToJsonString()}\n\n", Encoding.UTF8);
        await http.Response.Body.FlushAsync();
    }

    /// <summary>One chat-completion request: all messages joined, whether it streamed, its key, each message by role, and the whole body.</summary>
    public sealed record Request(string Prompt, bool Stream, string Authorization, IReadOnlyList<(string Role, string Content)> Messages, JsonObject Body);

    /// <summary>What one request gets: content from the prompt, an error status, no answer for a while, or a pick per request.</summary>
    public sealed record Script(Func<string, string>? Content, int? Status = null, TimeSpan? Hang = null, TimeSpan? PieceDelay = null)
    {
        public int? RetryAfterSeconds { get; init; }

        public Func<string, Script>? Pick { get; init; }

        public static Script Reply(Func<string, string> content) => new(content);

        /// <summary>The same reply, streamed with a pause before each piece (a model writing at a readable pace).</summary>
        public Script Slowly(TimeSpan pieceDelay) => this with { PieceDelay = pieceDelay };

        public static Script Fail(int status, int? retryAfterSeconds = null) => new(null, status) { RetryAfterSeconds = retryAfterSeconds };

        /// <summary>No answer for <paramref name="hang"/> (<see cref="Timeout.InfiniteTimeSpan"/>: until the caller gives up).</summary>
        public static Script Sleep(TimeSpan hang) => new(null, null, hang);

        /// <summary>A step chosen for each request from its prompt (as the last step, it decides every request from then on).</summary>
        public static Script Choose(Func<string, Script> pick) => new(Content: null) { Pick = pick };
    }
}
