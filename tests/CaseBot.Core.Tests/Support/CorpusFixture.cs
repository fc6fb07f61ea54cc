namespace CaseBot.Core.Tests.Support;

/// <summary>The real corpus of the repository, indexed once into a private folder for a test class.</summary>
public sealed class CorpusFixture : IDisposable
{
    private readonly TempDirectory _index = new();

    public CorpusFixture()
    {
        Host = new CaseBotHost(Repo.Articles, _index.Path);
        Host.Get<CaseBot.Core.Retrieval.PassageIndex>().EnsureReady();
    }

    public CaseBotHost Host { get; }

    /// <summary>The built index's folder, for another host over the same corpus with other settings.</summary>
    public string IndexPath => _index.Path;

    /// <summary>The text of an article file exactly as on disk (UTF-8), for checking quotes at their offsets.</summary>
    public static string FileText(string source) => System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(Repo.Articles, source)));

    public void Dispose()
    {
        Host.Dispose();
        _index.Dispose();
    }
}
