using System.Net;
using CaseBot.Bot.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace CaseBot.Bot.Tests;

public sealed class ServiceUrlAllowListTests : IAsyncLifetime
{
    private readonly ChannelStub _channel = new();
    private readonly FakeLoggerProvider _logs = new();
    private BotFactory _bot = null!;

    public ValueTask InitializeAsync()
    {
        _bot = new BotFactory(logs: _logs);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Message_WithServiceUrlOutsideTheAllowedHosts_IsRefusedAndLogged()
    {
        var refused = await _bot.PostActivityAsync(Activities.Message("https://attacker.example.net/api/", "Who is the judge?", conversationId: "evil"));
        var answered = await _bot.PostActivityAsync(Activities.Message(_channel.ServiceUrl, "Who is the judge?", conversationId: "good"));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Single(await _channel.WaitForAsync(r => r.Type == "message" && r.ConversationId == "good", timeoutMs: 60_000));
        Assert.DoesNotContain(_channel.Replies, r => r.ConversationId == "evil");
        var warning = Assert.Single(_logs.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("Refused to reply", StringComparison.Ordinal));
        Assert.Contains("attacker.example.net", warning.Message, StringComparison.Ordinal);
        Assert.Contains("evil", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_ToServiceUrlOutsideTheAllowedHosts_ThrowsWithoutSendingAndLogs()
    {
        var logger = new FakeLogger<ServiceUrlAllowList>();
        using var handler = new CountingHandler();
        using var http = new HttpClient(handler);
        var connector = new ConnectorClient(http, new NoToken(), AllowList(anonymous: true, logger: logger));
        var reply = new Activity { Type = ActivityTypes.Message, ServiceUrl = "https://smba.trafficmanager.net.attacker.example/", Conversation = new ConversationAccount { Id = "c1" } };

        await Assert.ThrowsAsync<ServiceUrlRefusedException>(() => connector.SendAsync(reply, TestContext.Current.CancellationToken));

        Assert.Equal(0, handler.Calls);
        Assert.Equal(LogLevel.Warning, logger.LatestRecord.Level);
        Assert.Contains("smba.trafficmanager.net.attacker.example", logger.LatestRecord.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/", false, true)]
    [InlineData("https://directline.botframework.com/", false, true)]
    [InlineData("https://europe.webchat.botframework.com/", false, true)]
    [InlineData("https://smba.infra.gcc.teams.microsoft.com/", false, true)]
    [InlineData("http://directline.botframework.com/", false, false)]
    [InlineData("https://botframework.com.attacker.example/", false, false)]
    [InlineData("https://attackerbotframework.com/", false, false)]
    [InlineData("https://anyone.trafficmanager.net/", false, false)]
    [InlineData("http://127.0.0.1:5000/_connector", true, true)]
    [InlineData("http://localhost:3978/", true, true)]
    [InlineData("http://[::1]:5000/", true, true)]
    [InlineData("http://127.0.0.1:5000/_connector", false, false)]
    [InlineData("http://10.0.0.5/", true, false)]
    [InlineData("https://169.254.169.254/", true, false)]
    [InlineData("file:///etc/passwd", true, false)]
    [InlineData("not a url", true, false)]
    public void IsAllowed_ByDefault_AllowsChannelHostsAndLoopbackOnlyWhenAnonymous(string serviceUrl, bool anonymous, bool expected)
    {
        var allowList = AllowList(anonymous);

        var allowed = allowList.IsAllowed(serviceUrl, "c1");

        Assert.Equal(expected, allowed);
    }

    [Fact]
    public void IsAllowed_WithConfiguredHosts_ReplacesTheDefaults()
    {
        var allowList = AllowList(anonymous: false, hosts: ["connector.contoso.test", "*.bots.contoso.test"]);

        Assert.True(allowList.IsAllowed("https://connector.contoso.test/", "c1"));
        Assert.True(allowList.IsAllowed("https://eu.bots.contoso.test/", "c1"));
        Assert.False(allowList.IsAllowed("https://bots.contoso.test/", "c1"));
        Assert.False(allowList.IsAllowed("https://smba.trafficmanager.net/amer/", "c1"));
    }

    public async ValueTask DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _channel.DisposeAsync();
        _logs.Dispose();
    }

    private static ServiceUrlAllowList AllowList(bool anonymous, string[]? hosts = null, ILogger<ServiceUrlAllowList>? logger = null) => new(
        Options.Create(new BotEndpointOptions { AllowedServiceHosts = hosts }),
        Options.Create(new BotAuthOptions { MicrosoftAppId = anonymous ? null : "11111111-2222-3333-4444-555555555555" }),
        logger ?? new FakeLogger<ServiceUrlAllowList>());

    private sealed class NoToken : IConnectorTokenProvider
    {
        public Task<string?> GetTokenAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);
    }

    private sealed class CountingHandler : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.Created));
        }
    }
}
