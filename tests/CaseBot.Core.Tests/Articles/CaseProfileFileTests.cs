using CaseBot.Core.Tests.Support;
using Microsoft.Extensions.Options;

namespace CaseBot.Core.Tests.Articles;

public sealed class CaseProfileFileTests : IDisposable
{
    private readonly TempDirectory _articles = new();
    private readonly TempDirectory _index = new();

    public CaseProfileFileTests()
    {
        _articles.Write("one.txt", "The tribunal fined the harbour authority in March.");
    }

    [Fact]
    public void CaseJsonBesideTheArticles_IsTheProfile()
    {
        _articles.Write("case.json", """{"name": "Doe v. Harbour Authority", "description": "A fine.", "exampleQuestions": ["Who was fined?"], "suggestedQuestions": ["When?"]}""");

        var profile = Profile();

        Assert.Equal("Doe v. Harbour Authority", profile.Name);
        Assert.Equal("A fine.", profile.Description);
        Assert.Equal(["Who was fined?"], profile.ExampleQuestions);
        Assert.Equal(["When?"], profile.SuggestedQuestions);
    }

    [Fact]
    public void NoCaseJson_GivesTheNeutralProfile_NotAnotherCasesName()
    {
        var profile = Profile();

        Assert.Equal(new CaseProfile().Name, profile.Name);
        Assert.Empty(profile.ExampleQuestions);
        Assert.Empty(profile.SuggestedQuestions);
    }

    [Fact]
    public void ACaseSettingInConfiguration_WinsKeyByKey()
    {
        _articles.Write("case.json", """{"name": "From the file", "description": "File description.", "exampleQuestions": ["File question?"]}""");

        var profile = Profile(new Dictionary<string, string?> { ["Case:Name"] = "From configuration", ["Case:ExampleQuestions:0"] = "Configured question?" });

        Assert.Equal("From configuration", profile.Name);
        Assert.Equal("File description.", profile.Description);
        Assert.Equal(["Configured question?"], profile.ExampleQuestions);
    }

    [Fact]
    public void ABrokenCaseJson_IsReportedWithItsPath()
    {
        _articles.Write("case.json", "{ \"name\": ");

        var error = Assert.Throws<InvalidDataException>(() => Profile());

        Assert.Contains("case.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheShippedArticles_CarryTheirCasesProfile()
    {
        using var host = new CaseBotHost(Repo.Articles, _index.Path);

        var profile = host.Get<IOptions<CaseProfile>>().Value;

        Assert.NotEqual(new CaseProfile().Name, profile.Name);
        Assert.NotEmpty(profile.ExampleQuestions);
    }

    public void Dispose()
    {
        _articles.Dispose();
        _index.Dispose();
    }

    private CaseProfile Profile(IDictionary<string, string?>? settings = null)
    {
        using var host = new CaseBotHost(_articles.Path, _index.Path, settings);
        return host.Get<IOptions<CaseProfile>>().Value;
    }
}
