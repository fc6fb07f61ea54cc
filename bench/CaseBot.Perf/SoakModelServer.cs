using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CaseBot.Perf;

/// <summary>
/// A stand-in language model for the soak run: an OpenAI-compatible chat completions endpoint on loopback (plain and
/// streamed) that answers with the first sentence of the first supplied passage, cited <c>[1]</c>, and rewrites
/// follow-ups to themselves. A share of calls fail the way model endpoints do: 500, 429, a hang past the bot's
/// timeout, or output with no citations, so the bot's retries and extractive fallback run under load.
/// </summary>
internal sealed class SoakModelServer : IAsyncDisposable
{
    private WebApplication? _app;
    private readonly Random _random;
    private readonly double _faultShare;
    private int _calls;
    private int _faults;

    private SoakModelServer(double faultShare, int seed)
    {
        _faultShare = faultShare;
        _random = new Random(seed);
    }

    public string Endpoint { get; private set; } = string.Empty;

    public int Calls => Volatile.Read(ref _calls);

    public int FaultsInjected => Volatile.Read(ref _faults);

    /// <summary>Whether calls may fail (off while the unloaded baseline is measured).</summary>
    public bool Faulty { get; set; }

    public static async Task<SoakModelServer> StartAsync(double faultShare, int seed)
    {
        var server = new SoakModelServer(faultShare, seed);
        (server._app, var baseUrl) = await LoopbackHost.StartAsync(app => app.MapPost("/v1/chat/completions", server.HandleAsync));
        server.Endpoint = baseUrl + "/v1";
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>The reply a well-behaved model would give: the first supplied passage's first sentence, cited.</summary>
    public static string Reply(string prompt)
    {
        var lines = prompt.Split('\n');
        if (Array.Find(lines, l => l.StartsWith("Last message:", StringComparison.Ordinal)) is { } last)
        {
            return last["Last message:".Length..].Trim();
        }

        var first = Array.Find(lines, l => l.StartsWith("[1] (", StringComparison.Ordinal));
        var start = first?.IndexOf(") ", StringComparison.Ordinal) ?? -1;
        if (first is null || start < 0)
        {
            return "NOT_IN_ARTICLES";
        }

        var text = first[(start + 2)..].Trim();
        var end = text.IndexOf(". ", StringComparison.Ordinal);
        return (end > 0 ? text[..(end + 1)] : text) + " [1]";
    }

    private async Task HandleAsync(HttpContext http)
    {
        Interlocked.Increment(ref _calls);
        var body = (await JsonNode.ParseAsync(http.Request.Body))!.AsObject();
        var prompt = string.Join("\n", body["messages"]!.AsArray().Select(m => m!["content"]?.ToString() ?? string.Empty));
        double roll;
        lock (_random)
        {
            roll = _random.NextDouble();
        }

        var content = Reply(prompt);
        if (Faulty && roll < _faultShare)
        {
            Interlocked.Increment(ref _faults);
            var kind = roll / _faultShare;
            if (kind < 0.4)
            {
                http.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await http.Response.WriteAsJsonAsync(new { error = new { message = "injected fault", type = "server_error" } });
                return;
            }

            if (kind < 0.6)
            {
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = "1";
                await http.Response.WriteAsJsonAsync(new { error = new { message = "injected throttle", type = "rate_limit" } });
                return;
            }

            if (kind < 0.8)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            content = "Sure! Here is everything I know about that, no sources needed.";
        }

        if (body["stream"]?.GetValue<bool>() != true)
        {
            await http.Response.WriteAsJsonAsync(new JsonObject
            {
                ["id"] = "chatcmpl-soak",
                ["object"] = "chat.completion",
                ["created"] = 1_700_000_000,
                ["model"] = body["model"]?.ToString(),
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
                    ["finish_reason"] = "stop",
                }),
            });
            return;
        }

        http.Response.ContentType = "text/event-stream";
        for (var i = 0; i < content.Length; i += 24)
        {
            await Event(http, Chunk(body, new JsonObject { ["content"] = content.Substring(i, Math.Min(24, content.Length - i)) }, null));
        }

        await Event(http, Chunk(body, new JsonObject(), "stop"));
        await http.Response.WriteAsync("data: [DONE]\n\n");
    }

    private static JsonObject Chunk(JsonObject request, JsonObject delta, string? finish) => new()
    {
        ["id"] = "chatcmpl-soak",
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
}
