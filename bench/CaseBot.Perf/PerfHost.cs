using System.CommandLine;
using CaseBot.Core;
using CaseBot.Core.Retrieval;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace CaseBot.Perf;

/// <summary>
/// The composition root of every command, configured as the console is: the shared appsettings.json, the environment,
/// then --articles/--index; logs go to stderr, one line each.
/// </summary>
internal sealed record PerfHost(Option<string?> Articles, Option<string?> Index)
{
    public IHost Build(ParseResult parse)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false)
            .AddEnvironmentVariables();
        var overrides = new Dictionary<string, string?>();
        if (parse.GetValue(Articles) is { } articles)
        {
            overrides[$"{CaseBotOptions.SectionName}:{nameof(CaseBotOptions.ArticlesPath)}"] = Path.GetFullPath(articles);
        }

        if (parse.GetValue(Index) is { } index)
        {
            overrides[$"{CaseBotOptions.SectionName}:{nameof(CaseBotOptions.IndexPath)}"] = Path.GetFullPath(index);
        }

        builder.Configuration.AddInMemoryCollection(overrides);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddCaseBot(builder.Configuration);
        var host = builder.Build();
        try
        {
            // Commands never start the host: check the options registered with ValidateOnStart before any work.
            host.Services.GetService<IStartupValidator>()?.Validate();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        // bench answers questions: load the sentence encoder while it generates corpora (gen-corpus, load and soak never
        // embed, and must not spend the cores they measure).
        if (parse.CommandResult.Command.Name == "bench"
            && builder.Configuration.GetValue($"{RetrievalOptions.SectionName}:{nameof(RetrievalOptions.Semantic)}", true))
        {
            CaseBotWarmUp.Start();
        }

        return host;
    }
}
