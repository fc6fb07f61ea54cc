using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CaseBot.Bot.Protocol;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CaseBot.Bot.Tests;

/// <summary>The bot host in-process, over the repository's articles and a private index, with optional settings.</summary>
public sealed class BotFactory(IDictionary<string, string?>? settings = null, Microsoft.Extensions.Logging.ILoggerProvider? logs = null) : WebApplicationFactory<Program>
{
    private readonly string _index = Path.Combine(Path.GetTempPath(), "casebot-bot-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Where this host appends feedback (a private file; a test may configure another).</summary>
    public string FeedbackPath => settings?.TryGetValue("Feedback:Path", out var path) == true && path is not null ? path : Path.Combine(_index, "feedback.jsonl");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("CaseBot:IndexPath", _index);
        builder.UseSetting("Feedback:Path", Path.Combine(_index, "feedback.jsonl"));
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.AddSingleton<IConnectorTokenProvider, FixedTokenProvider>());
        if (logs is not null)
        {
            builder.ConfigureLogging(l => l.AddProvider(logs).SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Trace));
        }
    }

    public async Task<HttpResponseMessage> PostActivityAsync(JsonObject activity, string? token = null)
    {
        var client = CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(activity) };
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(_index, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Outbound token stand-in: MSAL cannot reach Entra ID offline, so authenticated tests send a fixed token.</summary>
    private sealed class FixedTokenProvider(Microsoft.Extensions.Options.IOptions<BotAuthOptions> options) : IConnectorTokenProvider
    {
        public Task<string?> GetTokenAsync(CancellationToken cancellationToken) =>
            Task.FromResult(options.Value.IsAnonymous ? null : "outbound-test-token");
    }
}

public static class Activities
{
    public static JsonObject Message(string serviceUrl, string text, string conversationId = "a:conv|42", string id = "act|7", string channelId = "msteams") => new()
    {
        ["type"] = "message",
        ["id"] = id,
        ["channelId"] = channelId,
        ["serviceUrl"] = serviceUrl,
        ["from"] = new JsonObject { ["id"] = "29:user", ["name"] = "User" },
        ["recipient"] = new JsonObject { ["id"] = "28:bot", ["name"] = "CaseBot" },
        ["conversation"] = new JsonObject { ["id"] = conversationId, ["conversationType"] = "personal", ["tenantId"] = "t1" },
        ["text"] = text,
        ["locale"] = "en-US",
    };
}
