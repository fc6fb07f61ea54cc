using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CaseBot.Cli.Tests;

public sealed partial class TimelineCommandTests : IDisposable
{
    private readonly CliRun _cli = new();

    [Fact]
    public async Task TimelineJson_ShippedCorpus_PrintsOneJsonArrayOfCitedEventsInDateOrder()
    {
        var (code, stdout, stderr) = await _cli.RunAsync(string.Empty, "timeline", "--json");

        Assert.True(code == 0, stderr);
        using var document = JsonDocument.Parse(stdout);
        var entries = document.RootElement.EnumerateArray().ToList();
        Assert.True(entries.Count >= 10, $"{entries.Count} events");
        var previous = DateOnly.MinValue;
        foreach (var entry in entries)
        {
            var date = entry.GetProperty("date").GetString()!;
            Assert.Matches(IsoDate(), date);
            var earliest = DateOnly.ParseExact(date.Length switch { 4 => date + "-01-01", 7 => date + "-01", _ => date }, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            Assert.True(earliest >= previous, $"{date} is listed after {previous}");
            previous = earliest;
            Assert.False(string.IsNullOrWhiteSpace(entry.GetProperty("text").GetString()));
            var citations = entry.GetProperty("citations").EnumerateArray().ToList();
            Assert.NotEmpty(citations);
            foreach (var citation in citations)
            {
                var text = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(Repo.Articles, citation.GetProperty("source").GetString()!)));
                Assert.Equal(text[citation.GetProperty("start").GetInt32()..citation.GetProperty("end").GetInt32()], citation.GetProperty("quote").GetString());
            }
        }
    }

    [Fact]
    public async Task Timeline_ShippedCorpus_PrintsEachDateAndTextWithItsSourcesUnderIt()
    {
        var (code, stdout, _) = await _cli.RunAsync(string.Empty, "timeline");

        Assert.Equal(0, code);
        Assert.Matches(@"(?m)^15 January 2024: .*January 15, 2024", stdout);
        Assert.Matches(@"(?m)^June 2019: .+\n    — .+, 6 September 2023\n    — .+, 6 September 2023\n    — .+, undated$", stdout);
        Assert.Matches(@"(?m)^June 2023 \(year inferred\): .+\n    — .+, undated$", stdout);
        Assert.Matches(@"(?m)^\d+ dated events from 5 articles\.$", stdout);
    }

    [Fact]
    public async Task Timeline_EmptyArticlesFolder_IsOneClearErrorLine()
    {
        var empty = Directory.CreateTempSubdirectory("casebot-timeline-empty-").FullName;
        try
        {
            var (code, stdout, stderr) = await _cli.RunAsync(string.Empty, "timeline", "--articles", empty);

            Assert.Equal(1, code);
            Assert.Empty(stdout);
            Assert.StartsWith("casebot: ", stderr, StringComparison.Ordinal);
            Assert.Contains(empty, stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public async Task TimelineJson_ArticlesWithoutDates_PrintsAnEmptyArray()
    {
        var folder = Directory.CreateTempSubdirectory("casebot-timeline-undated-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "a.txt"), "The council of Brindlemoor met on Monday and approved the budget.", TestContext.Current.CancellationToken);

            var (code, stdout, _) = await _cli.RunAsync(string.Empty, "timeline", "--json", "--articles", folder);

            Assert.Equal(0, code);
            using var document = JsonDocument.Parse(stdout);
            Assert.Equal(JsonValueKind.Array, document.RootElement.ValueKind);
            Assert.Equal(0, document.RootElement.GetArrayLength());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public void Dispose() => _cli.Dispose();

    [GeneratedRegex(@"^\d{4}(-\d{2}(-\d{2})?)?$")]
    private static partial Regex IsoDate();
}
