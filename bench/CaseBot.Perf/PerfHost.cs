using System.CommandLine;
using CaseBot.Core;
using CaseBot.Core.Retrieval;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

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
        builder.Configuration.AddCaseBotSources(parse.GetValue(Articles), parse.GetValue(Index));
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddCaseBot(builder.Configuration);
        var host = builder.Build();
        CaseBotConfiguration.ValidateOptions(host.Services, host);

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
