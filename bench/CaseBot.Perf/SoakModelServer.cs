using CaseBot.Testing;
using Microsoft.AspNetCore.Http;
using Script = CaseBot.Testing.FakeOpenAIServer.Script;

namespace CaseBot.Perf;

/// <summary>
/// A stand-in language model for the soak run: the tests' OpenAI-compatible server on loopback (plain and streamed),
/// answering with the first sentence of the first supplied passage, cited <c>[1]</c>, and rewriting follow-ups to
/// themselves. A share of calls fail the way model endpoints do: 500, 429, a hang past the bot's timeout, or output
/// with no citations, so the bot's retries and extractive fallback run under load.
/// </summary>
internal sealed class SoakModelServer : IAsyncDisposable
{
    private readonly FakeOpenAIServer _server = new() { RecordRequests = false, ChunkLength = 24 };
    private readonly Random _random;
    private readonly double _faultShare;
    private int _faults;

    private SoakModelServer(double faultShare, int seed)
    {
        _faultShare = faultShare;
        _random = new Random(seed);
        _server.Then(Script.Choose(Pick));
    }

    public string Endpoint => _server.Endpoint;

    public int Calls => _server.Calls;

    public int FaultsInjected => Volatile.Read(ref _faults);

    /// <summary>Whether calls may fail (off while the unloaded baseline is measured).</summary>
    public bool Faulty { get; set; }

    public static Task<SoakModelServer> StartAsync(double faultShare, int seed) => Task.FromResult(new SoakModelServer(faultShare, seed));

    public ValueTask DisposeAsync() => _server.DisposeAsync();

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

    private Script Pick(string prompt)
    {
        double roll;
        lock (_random)
        {
            roll = _random.NextDouble();
        }

        if (!Faulty || roll >= _faultShare)
        {
            return Script.Reply(Reply);
        }

        Interlocked.Increment(ref _faults);
        return (roll / _faultShare) switch
        {
            < 0.4 => Script.Fail(StatusCodes.Status500InternalServerError),
            < 0.6 => Script.Fail(StatusCodes.Status429TooManyRequests, retryAfterSeconds: 1),
            < 0.8 => Script.Sleep(Timeout.InfiniteTimeSpan),
            _ => Script.Reply(_ => "Sure! Here is everything I know about that, no sources needed."),
        };
    }
}
