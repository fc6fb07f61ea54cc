using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CaseBot.Bot.Protocol;
using Microsoft.Extensions.Logging.Testing;

namespace CaseBot.Bot.Tests;

public sealed class MessagesEndpointTests : IAsyncLifetime
{
    private readonly ChannelStub _channel = new();
    private readonly BotFactory _bot = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Message_IsAnsweredThroughTheConnectorWithTypingThenACitedAnswer()
    {
        var response = await _bot.PostActivityAsync(Activities.Message(_channel.ServiceUrl, "How much did the jury award Carroll?"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var replies = await _channel.WaitForAsync(r => r.Type == "message");
        var reply = Assert.Single(replies);
        Assert.Contains(_channel.Replies, r => r.Type == "typing");
        Assert.Equal("/_connector/v3/conversations/a%3Aconv%7C42/activities/act%7C7", reply.Path);
        Assert.StartsWith("application/json", reply.ContentType, StringComparison.Ordinal);
        Assert.Empty(reply.Authorization);
        Assert.Equal("act|7", reply.Activity["replyToId"]!.GetValue<string>());
        Assert.Equal("personal", reply.Activity["conversation"]!["conversationType"]!.GetValue<string>());
        Assert.Contains("[1]", reply.Text, StringComparison.Ordinal);
        Assert.Contains("[1]: cite:1 \"", reply.Text, StringComparison.Ordinal);
        Assert.Contains("$5", reply.Text, StringComparison.Ordinal);

        var entity = Assert.Single(reply.Activity["entities"]!.AsArray());
        Assert.Equal("https://schema.org/Message", entity!["type"]!.GetValue<string>());
        Assert.Equal("AIGeneratedContent", entity["additionalType"]![0]!.GetValue<string>());
        var claims = entity["citation"]!.AsArray();
        Assert.InRange(claims.Count, 1, 10);
        foreach (var claim in claims)
        {
            Assert.Equal("Claim", claim!["@type"]!.GetValue<string>());
            Assert.True(claim["position"]!.GetValue<int>() >= 1);
            Assert.InRange(claim["appearance"]!["name"]!.GetValue<string>().Length, 1, 80);
            Assert.InRange(claim["appearance"]!["abstract"]!.GetValue<string>().Length, 1, 160);
        }

        Assert.Equal("default", reply.Activity["channelData"]!["feedbackLoop"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Message_WithBotMention_IsAnsweredWithoutTheMention()
    {
        var activity = Activities.Message(_channel.ServiceUrl, "<at>CaseBot</at> Which judge presided over the case?", conversationId: "19:group;messageid=1");
        activity["conversation"]!["conversationType"] = "groupChat";
        activity["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "mention",
            ["text"] = "<at>CaseBot</at>",
            ["mentioned"] = new JsonObject { ["id"] = "28:bot", ["name"] = "CaseBot" },
        });

        await _bot.PostActivityAsync(activity);

        var reply = Assert.Single(await _channel.WaitForAsync(r => r.Type == "message"));
        Assert.Contains("Kaplan", reply.Text, StringComparison.Ordinal);
        Assert.Equal("/_connector/v3/conversations/19%3Agroup%3Bmessageid%3D1/activities/act%7C7", reply.Path);
    }

    [Fact]
    public async Task FollowUp_InTheSameConversation_IsAnsweredInContext()
    {
        await _bot.PostActivityAsync(Activities.Message(_channel.ServiceUrl, "Who accused Donald Trump of rape in a department store?", id: "m1"));
        await _channel.WaitForAsync(r => r.Type == "message");
        await _bot.PostActivityAsync(Activities.Message(_channel.ServiceUrl, "How old is she?", id: "m2"));

        var replies = await _channel.WaitForAsync(r => r.Type == "message", count: 2);
        Assert.Matches(@"\b79\b", replies[1].Text!);
    }

    [Fact]
    public async Task ConversationUpdate_UserAdded_GetsAWelcomeWithThreeSuggestedQuestionsThatAreAllAnswered()
    {
        var update = Activities.Message(_channel.ServiceUrl, string.Empty);
        update["type"] = "conversationUpdate";
        update.Remove("text");
        update["membersAdded"] = new JsonArray(new JsonObject { ["id"] = "28:bot" }, new JsonObject { ["id"] = "29:user" });

        await _bot.PostActivityAsync(update);

        var welcome = Assert.Single(await _channel.WaitForAsync(r => r.Type == "message"));
        var all = welcome.Activity["suggestedActions"]!["actions"]!.AsArray();
        Assert.Equal(CaseBotActivityHandler.TimelineAction, all[^1]!["value"]!.GetValue<string>());
        var actions = all.Take(all.Count - 1).ToList();
        Assert.Equal(3, actions.Count);
        foreach (var action in actions)
        {
            var ask = Activities.Message(_channel.ServiceUrl, action!["value"]!.GetValue<string>(), conversationId: Guid.NewGuid().ToString());
            ask["deliveryMode"] = "expectReplies";
            var response = await _bot.PostActivityAsync(ask);
            var body = await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken);
            var answer = body!["activities"]!.AsArray().Single(a => a!["type"]!.GetValue<string>() == "message");
            Assert.True(answer!["channelData"]!["caseBot"]!["answered"]!.GetValue<bool>(), action["value"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task TimelineAction_ListsTheDatedEventsInOrderWithTheirArticles()
    {
        var ask = Activities.Message(_channel.ServiceUrl, CaseBotActivityHandler.TimelineAction);
        ask["deliveryMode"] = "expectReplies";

        var response = await _bot.PostActivityAsync(ask);

        var body = await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken);
        var reply = body!["activities"]!.AsArray().Single(a => a!["type"]!.GetValue<string>() == "message")!["text"]!.GetValue<string>();
        Assert.StartsWith("**Timeline of the case**", reply, StringComparison.Ordinal);
        var events = reply.Split('\n').Where(l => l.StartsWith("- **", StringComparison.Ordinal)).ToList();
        Assert.True(events.Count >= 10, reply);
        var years = events.Select(l => int.Parse(System.Text.RegularExpressions.Regex.Match(l, @"\b(19|20)\d\d\b").Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(years.Order(), years);
        Assert.All(events, l => Assert.Matches(@"_\(.+, (\d{1,2} \w+ \d{4}|undated)\)_$", l));
    }

    [Fact]
    public async Task ConversationUpdate_OnlyTheBotAdded_SendsNothing()
    {
        var update = Activities.Message(_channel.ServiceUrl, string.Empty);
        update["type"] = "conversationUpdate";
        update["membersAdded"] = new JsonArray(new JsonObject { ["id"] = "28:bot" });

        var response = await _bot.PostActivityAsync(update);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.Empty(_channel.Replies);
    }

    [Theory]
    [InlineData("installationUpdate")]
    [InlineData("messageReaction")]
    [InlineData("somethingNew")]
    public async Task OtherActivityTypes_Get200AndNothingIsSent(string type)
    {
        var activity = Activities.Message(_channel.ServiceUrl, "hello");
        activity["type"] = type;

        var response = await _bot.PostActivityAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.Empty(_channel.Replies);
    }

    [Fact]
    public async Task Invoke_FeedbackIs200_UnknownInvokeIs501()
    {
        var feedback = Activities.Message(_channel.ServiceUrl, string.Empty);
        feedback["type"] = "invoke";
        feedback["name"] = "message/submitAction";
        feedback["value"] = new JsonObject { ["actionName"] = "feedback", ["actionValue"] = new JsonObject { ["reaction"] = "like", ["feedback"] = "{\"feedbackText\":\"good\"}" } };
        var other = Activities.Message(_channel.ServiceUrl, string.Empty);
        other["type"] = "invoke";
        other["name"] = "composeExtension/query";

        Assert.Equal(HttpStatusCode.OK, (await _bot.PostActivityAsync(feedback)).StatusCode);
        Assert.Equal(HttpStatusCode.NotImplemented, (await _bot.PostActivityAsync(other)).StatusCode);
    }

    [Fact]
    public async Task ExpectReplies_ReturnsTheRepliesInTheBodyAndCallsNoConnector()
    {
        var activity = Activities.Message(_channel.ServiceUrl, "When was the verdict?");
        activity["deliveryMode"] = "expectReplies";

        var response = await _bot.PostActivityAsync(activity);

        var body = await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken);
        Assert.Contains(body!["activities"]!.AsArray(), a => a!["type"]!.GetValue<string>() == "message");
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.Equal(0, _channel.Attempts);
    }

    [Fact]
    public async Task UnansweredQuestion_IsMarkedAsNotInTheArticles()
    {
        await _bot.PostActivityAsync(Activities.Message(_channel.ServiceUrl, "What did Trump eat for breakfast on the day of the verdict?"));

        var reply = Assert.Single(await _channel.WaitForAsync(r => r.Type == "message"));
        Assert.StartsWith(AnswerActivity.UnansweredPrefix, reply.Text, StringComparison.Ordinal);
        Assert.False(reply.Activity["channelData"]!["caseBot"]!["answered"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AttachmentOnlyMessage_GetsAskedForText()
    {
        var activity = Activities.Message(_channel.ServiceUrl, string.Empty);
        activity.Remove("text");
        activity["attachments"] = new JsonArray(new JsonObject { ["contentType"] = "image/png", ["contentUrl"] = "https://example.org/a.png" });

        await _bot.PostActivityAsync(activity);

        var reply = Assert.Single(await _channel.WaitForAsync(r => r.Type == "message"));
        Assert.Contains("as text", reply.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{not json", HttpStatusCode.BadRequest)]
    [InlineData("{\"text\":\"no type\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"type\":\"message\",\"text\":5}", HttpStatusCode.BadRequest)]
    [InlineData("[]", HttpStatusCode.BadRequest)]
    [InlineData("", HttpStatusCode.BadRequest)]
    public async Task BadBody_Gets400WithAProblem(string body, HttpStatusCode expected)
    {
        var client = _bot.CreateClient();

        var response = await client.PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task OversizedBody_Gets413()
    {
        var activity = Activities.Message(_channel.ServiceUrl, new string('x', 300 * 1024));

        var response = await _bot.PostActivityAsync(activity);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Connector429Then201_TheReplyIsRetriedAndDelivered()
    {
        _channel.FailNext(429, 503);

        await _bot.PostActivityAsync(Activities.Message(_channel.ServiceUrl, "Who is the judge?"));

        Assert.Single(await _channel.WaitForAsync(r => r.Type == "message", timeoutMs: 20_000));
    }

    [Fact]
    public async Task ConnectorDown_TheNextTurnStillWorks()
    {
        await _bot.PostActivityAsync(Activities.Message("http://127.0.0.1:9/", "Who is the judge?", conversationId: "dead"));
        await Task.Delay(200, TestContext.Current.CancellationToken);

        await _bot.PostActivityAsync(Activities.Message(_channel.ServiceUrl, "Who is the judge?", conversationId: "alive"));

        Assert.Single(await _channel.WaitForAsync(r => r.Type == "message" && r.ConversationId == "alive", timeoutMs: 20_000));
    }

    [Fact]
    public async Task ConnectorAlways500_RetriesAreBounded_TheFailureIsLoggedWithTheConversation_AndTheNextTurnWorks()
    {
        using var logs = new FakeLoggerProvider();
        await using var bot = new BotFactory(logs: logs);
        _channel.FailNext(500, 500, 500, 500);

        await bot.PostActivityAsync(Activities.Message(_channel.ServiceUrl, "Who is the judge?", conversationId: "conv-500"));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!logs.Collector.GetSnapshot().Any(r => r.Message.Contains("conv-500", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Contains(logs.Collector.GetSnapshot(), r => r.Message.Contains("conv-500", StringComparison.Ordinal) && r.Message.Contains("500", StringComparison.Ordinal));
        Assert.Equal(4, _channel.Attempts); // one try and three retries, then the turn gives up
        Assert.Empty(_channel.Replies);

        await bot.PostActivityAsync(Activities.Message(_channel.ServiceUrl, "Who is the judge?", conversationId: "conv-next", id: "act|8"));
        Assert.Single(await _channel.WaitForAsync(r => r.Type == "message" && r.ConversationId == "conv-next", timeoutMs: 30_000));
    }

    [Fact]
    public async Task ConnectorHangs_TheAttemptTimesOutAndTheReplyIsDeliveredOnRetry()
    {
        await using var bot = new BotFactory(new Dictionary<string, string?> { ["Bot:ConnectorAttemptTimeoutSeconds"] = "1" });
        _channel.HangNext(2);

        await bot.PostActivityAsync(Activities.Message(_channel.ServiceUrl, "Who is the judge?"));

        Assert.Single(await _channel.WaitForAsync(r => r.Type == "message", timeoutMs: 30_000));
        Assert.True(_channel.Attempts >= 4, $"{_channel.Attempts} attempts");
    }

    [Fact]
    public async Task GetOnMessages_Is405_AndHealthzIsReady()
    {
        var client = _bot.CreateClient();

        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await client.GetAsync("/api/messages", TestContext.Current.CancellationToken)).StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        HttpStatusCode status;
        do
        {
            status = (await client.GetAsync("/healthz", TestContext.Current.CancellationToken)).StatusCode;
        }
        while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline && await Delay());

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Healthz_IsPerHost_AnotherHostBeingReadyDoesNotMakeThisOneReady()
    {
        var ready = new IndexReadiness();
        var starting = new IndexReadiness();
        ready.MarkReady();

        var healthy = await new IndexHealthCheck(ready).CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext(), TestContext.Current.CancellationToken);
        var notYet = await new IndexHealthCheck(starting).CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext(), TestContext.Current.CancellationToken);

        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, healthy.Status);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, notYet.Status);
    }

    public async ValueTask DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _channel.DisposeAsync();
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(100);
        return true;
    }
}
