using CaseBot.Core.Evaluation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CaseBot.Core.Tests.Support;

/// <summary>
/// CaseBot's services as the console composes them for <c>eval</c> (the product's, plus the evaluation runner), over a
/// given articles folder and a private index folder.
/// </summary>
public sealed class CaseBotHost : IDisposable
{
    private readonly ServiceProvider _services;

    public CaseBotHost(string articlesPath, string indexPath, IDictionary<string, string?>? settings = null, ILoggerProvider? logs = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["CaseBot:ArticlesPath"] = articlesPath,
            ["CaseBot:IndexPath"] = indexPath,
            ["CaseBot:GlossaryPath"] = Repo.Glossary,
            ["CaseBot:WordFormsPath"] = Path.Combine(Repo.Root, "index", "english.txt"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging(b =>
        {
            b.SetMinimumLevel(LogLevel.Information);
            if (logs is not null)
            {
                b.AddProvider(logs);
            }
        });
        services.AddCaseBot(configuration).AddCaseBotEvaluation();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public void Dispose() => _services.Dispose();
}
