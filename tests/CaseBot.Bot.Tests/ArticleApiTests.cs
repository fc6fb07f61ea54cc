using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace CaseBot.Bot.Tests;

/// <summary>The corpus endpoints the web page reads: the case profile, the articles, one article by paragraph, the timeline.</summary>
public sealed class ArticleApiTests : IClassFixture<ArticleApiTests.Host>
{
    private readonly HttpClient _client;

    public ArticleApiTests(Host host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _client = host.Bot.CreateClient();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public sealed class Host : IAsyncDisposable
    {
        public BotFactory Bot { get; } = new();

        public ValueTask DisposeAsync() => Bot.DisposeAsync();
    }

    private static string[] ArticleFiles() =>
        [.. Directory.GetFiles(Path.Combine(RealClients.Root, "index", "articles"), "*.txt").Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    [Fact]
    public async Task Articles_ListsEveryArticleWithItsMetadata()
    {
        var list = (await _client.GetFromJsonAsync<JsonArray>("/api/articles", Ct))!;

        Assert.Equal(ArticleFiles(), list.Select(a => a!["file"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        var metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(RealClients.Root, "index", "articles", "articles.json")))!.AsObject();
        foreach (var article in list)
        {
            var expected = metadata[article!["file"]!.GetValue<string>()]!;
            Assert.Equal(expected["title"]!.GetValue<string>(), article["title"]!.GetValue<string>());
            Assert.Equal(expected["outlet"]?.GetValue<string>(), article["outlet"]?.GetValue<string>());
            Assert.Equal(expected["date"]?.GetValue<string>(), article["date"]?.GetValue<string>());
            Assert.True(article.AsObject().ContainsKey("date") && article.AsObject().ContainsKey("url") && article.AsObject().ContainsKey("outlet"));
        }
    }

    [Fact]
    public async Task Article_GivesTheExactFileTextByParagraphOffsets()
    {
        foreach (var file in ArticleFiles())
        {
            var article = (await _client.GetFromJsonAsync<JsonObject>($"/api/articles/{file}", Ct))!;
            var text = File.ReadAllText(Path.Combine(RealClients.Root, "index", "articles", file));

            Assert.Equal(file, article["file"]!.GetValue<string>());
            var paragraphs = article["paragraphs"]!.AsArray();
            Assert.NotEmpty(paragraphs);
            var previousEnd = 0;
            foreach (var p in paragraphs)
            {
                var start = p!["start"]!.GetValue<int>();
                var end = p["end"]!.GetValue<int>();
                Assert.True(start >= previousEnd && end > start, $"{file}: paragraph [{start}, {end}) after {previousEnd}");
                Assert.Equal(text[start..end], p["text"]!.GetValue<string>());
                Assert.DoesNotContain('\n', text[start..end]);
                previousEnd = end;
            }
        }
    }

    [Fact]
    public async Task Citation_OfAnAnswer_IsFoundInItsArticleAtItsOffsets()
    {
        var reply = await AskAsync("How much did the jury award Carroll?");

        var citations = reply["channelData"]!["caseBot"]!["citations"]!.AsArray();
        Assert.NotEmpty(citations);
        foreach (var c in citations)
        {
            var article = (await _client.GetFromJsonAsync<JsonObject>($"/api/articles/{c!["source"]!.GetValue<string>()}", Ct))!;
            var start = c["start"]!.GetValue<int>();
            var end = c["end"]!.GetValue<int>();
            var paragraph = article["paragraphs"]!.AsArray().Single(p => p!["start"]!.GetValue<int>() <= start && end <= p["end"]!.GetValue<int>())!;
            var offset = paragraph["start"]!.GetValue<int>();
            Assert.Equal(c["quote"]!.GetValue<string>(), paragraph["text"]!.GetValue<string>()[(start - offset)..(end - offset)]);
            Assert.Equal(article["title"]!.GetValue<string>(), c["title"]!.GetValue<string>());
        }
    }

    [Theory]
    [InlineData("/api/articles/no-such-article.txt")]
    [InlineData("/api/articles/articles.json")]
    [InlineData("/api/articles/..%2F..%2Fappsettings.json")]
    [InlineData("/api/articles/%2Fetc%2Fpasswd")]
    [InlineData("/api/articles/..%5C..%5Cappsettings.json")]
    public async Task Article_NotInTheCorpus_Is404(string path)
    {
        var response = await _client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Timeline_IsTheDatedEventsInOrderEachCitedVerbatim()
    {
        var timeline = (await _client.GetFromJsonAsync<JsonArray>("/api/timeline", Ct))!;

        Assert.True(timeline.Count >= 10, $"{timeline.Count} entries");
        var dates = timeline.Select(e => e!["date"]!.GetValue<string>()).ToList();
        Assert.Equal(dates.Order(StringComparer.Ordinal), dates);
        foreach (var entry in timeline)
        {
            Assert.False(string.IsNullOrWhiteSpace(entry!["text"]!.GetValue<string>()));
            foreach (var c in entry["citations"]!.AsArray())
            {
                var text = File.ReadAllText(Path.Combine(RealClients.Root, "index", "articles", c!["source"]!.GetValue<string>()));
                Assert.Equal(text[c["start"]!.GetValue<int>()..c["end"]!.GetValue<int>()], c["quote"]!.GetValue<string>());
            }
        }
    }

    [Fact]
    public async Task Case_IsTheConfiguredProfile()
    {
        var profile = (await _client.GetFromJsonAsync<JsonObject>("/api/case", Ct))!;
        var shipped = JsonNode.Parse(File.ReadAllText(Path.Combine(RealClients.Root, "index", "articles", "case.json")))!;

        Assert.Equal(shipped["name"]!.GetValue<string>(), profile["name"]!.GetValue<string>());
        Assert.Equal(shipped["description"]!.GetValue<string>(), profile["description"]!.GetValue<string>());
        Assert.Equal(shipped["exampleQuestions"]!.AsArray().Count, profile["exampleQuestions"]!.AsArray().Count);
    }

    /// <summary>Asks through the local Direct Line and returns the bot's answer.</summary>
    private async Task<JsonObject> AskAsync(string text)
    {
        var generated = (await (await _client.PostAsync("/v3/directline/tokens/generate", null, Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        var token = generated["token"]!.GetValue<string>();
        using var start = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations");
        start.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var started = (await (await _client.SendAsync(start, Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        var conversation = started["conversationId"]!.GetValue<string>();
        using var post = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{conversation}/activities")
        {
            Content = JsonContent.Create(new JsonObject { ["type"] = "message", ["text"] = text, ["from"] = new JsonObject { ["id"] = "web-user", ["role"] = "user" } }),
        };
        post.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var posted = (await (await _client.SendAsync(post, Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!.GetValue<string>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            using var get = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{conversation}/activities");
            get.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            var activities = (await (await _client.SendAsync(get, Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct))!["activities"]!.AsArray();
            if (activities.FirstOrDefault(a => a!["type"]!.GetValue<string>() == "message" && a["replyToId"]?.GetValue<string>() == posted) is JsonObject answer)
            {
                return answer;
            }

            await Task.Delay(100, Ct);
        }

        throw new TimeoutException("no answer");
    }
}
