using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using StackExchange.Redis;

namespace CaseBot.Bot.Tests;

/// <summary>A real redis-server on a free loopback port, for the life of a test class.</summary>
public sealed class RedisServer : IAsyncLifetime
{
    private ChildProcess? _process;

    public int Port { get; } = LoopbackHost.FreePort();

    public string ConnectionString => $"127.0.0.1:{Port}";

    public string? Unavailable { get; private set; }

    public static string Executable => Environment.GetEnvironmentVariable("REDIS_SERVER_PATH") ?? "/usr/bin/redis-server";

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Executable))
        {
            Unavailable = $"redis-server is not installed at {Executable} (apt-get install redis-server, or set REDIS_SERVER_PATH).";
            return;
        }

        Start();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException("redis-server did not start.");
    }

    public void Stop() => _process?.Kill();

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }

    private void Start()
    {
        var start = new ProcessStartInfo(Executable);
        foreach (var arg in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no", "--protected-mode", "yes" })
        {
            start.ArgumentList.Add(arg);
        }

        _process = ChildProcess.Start(start);
    }
}

/// <summary>Two bot instances sharing conversation state through a real Redis.</summary>
public sealed class RedisConversationTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private BotFactory _a = null!;
    private BotFactory _b = null!;

    public ValueTask InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Conversations:Store"] = "Redis",
            ["Conversations:Redis"] = redis.ConnectionString,
            ["Conversations:TtlMinutes"] = "30",
        };
        _a = new BotFactory(settings);
        _b = new BotFactory(settings);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task TurnOnInstanceA_FollowUpOnInstanceB_IsAnsweredInContext_AndTheStateHasATtl()
    {
        SkipIfUnavailable();
        var conversation = "redis-" + Guid.NewGuid().ToString("N");

        await AskAsync(_a, conversation, "Where did Carroll say the assault happened?");
        var followUp = await AskAsync(_b, conversation, "When was that?");
        var alone = await AskAsync(_b, "fresh-" + conversation, "When was that?");

        // Answered in the light of the first turn (asked on the other instance), and not without it.
        Assert.Contains("assault", followUp, StringComparison.Ordinal);
        Assert.DoesNotContain("assault", alone, StringComparison.Ordinal);
        await using var client = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var ttl = await client.GetDatabase().KeyTimeToLiveAsync($"casebot:conversation:msteams:{conversation}");
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(30));
    }

    [Fact]
    public async Task RedisDown_TurnsAreStillAnsweredWithoutContext()
    {
        SkipIfUnavailable();
        await using var own = new RedisServer();
        await own.InitializeAsync();
        var settings = new Dictionary<string, string?> { ["Conversations:Store"] = "Redis", ["Conversations:Redis"] = own.ConnectionString };
        await using var bot = new BotFactory(settings);
        var conversation = "outage-" + Guid.NewGuid().ToString("N");
        await AskAsync(bot, conversation, "Which store did Carroll say the assault happened in?");

        own.Stop();
        var answer = await AskAsync(bot, conversation, "How much did the jury award Carroll?");
        var followUp = await AskAsync(bot, conversation, "When was that?");

        Assert.Contains("$5", answer, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(followUp));
    }

    public async ValueTask DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    private void SkipIfUnavailable()
    {
        if (redis.Unavailable is not null)
        {
            Assert.False(RealClients.Required, redis.Unavailable);
            Assert.Skip(redis.Unavailable);
        }
    }

    private static async Task<string> AskAsync(BotFactory bot, string conversation, string text)
    {
        var activity = Activities.Message("http://127.0.0.1:9/", text, conversationId: conversation, id: Guid.NewGuid().ToString("N"));
        activity["deliveryMode"] = "expectReplies";
        var response = await bot.PostActivityAsync(activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken);
        return body!["activities"]!.AsArray().Last(a => a!["type"]!.GetValue<string>() == "message")!["text"]!.GetValue<string>();
    }
}
