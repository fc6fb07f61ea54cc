using CaseBot.Core.Retrieval;

namespace CaseBot.Core.Tests.Retrieval;

public sealed class GlossaryTests : IDisposable
{
    private readonly CaseAnalyzer _analyzer = new();

    [Fact]
    public void Match_MultiWordAlias_OffersTheOtherMembersOfItsGroup()
    {
        var glossary = Glossary.Parse(["# people", "Trump | Donald Trump | the former president", "lawyer | attorney"], _analyzer);

        var matches = glossary.Match(_analyzer.Terms("Did the former president hire an attorney?"));

        Assert.Equal(2, glossary.GroupCount);
        Assert.Contains(matches, m => m.Alternatives.Any(a => a.SequenceEqual(["trump"])));
        Assert.Contains(matches, m => m.Alternatives.Any(a => a.SequenceEqual(["lawyer"])));
    }

    [Fact]
    public void Match_Stemming_CoversOtherFormsOfAWord()
    {
        var glossary = Glossary.Parse(["lawyer | attorney"], _analyzer);

        var matches = glossary.Match(_analyzer.Terms("her attorneys"));

        Assert.Contains(matches, m => m.Alternatives.Any(a => a.SequenceEqual(["lawyer"])));
    }

    [Fact]
    public void Parse_CommentsBlankLinesAndSingleMemberLines_AreIgnored()
    {
        var glossary = Glossary.Parse(["", "# comment | not | a group", "lonely", "award | damages"], _analyzer);

        Assert.Equal(1, glossary.GroupCount);
    }

    [Fact]
    public void RepositoryGlossary_HasTheCaseAliases()
    {
        var glossary = Glossary.Load(Repo.Glossary, _analyzer);
        var both = Glossary.Load([Repo.Glossary, Path.Combine(Repo.Root, "index", "english.txt")], _analyzer);

        Assert.Contains(glossary.Match(_analyzer.Terms("the columnist")), m => m.Alternatives.Any(a => a.SequenceEqual(["carrol"])));
        Assert.Contains(glossary.Match(_analyzer.Terms("Carroll I")), m => m.Alternatives.Any(a => a.SequenceEqual(_analyzer.Terms("first lawsuit"))));
        Assert.DoesNotContain(glossary.Match(_analyzer.Terms("damages")), m => m.Alternatives.Any(a => a.SequenceEqual(["award"])));
        Assert.Contains(both.Match(_analyzer.Terms("damages")), m => m.Alternatives.Any(a => a.SequenceEqual(["award"])));
    }

    public void Dispose() => _analyzer.Dispose();
}
