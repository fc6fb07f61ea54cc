using System.CommandLine;
using CaseBot.Cli.Logging;
using CaseBot.Core;
using CaseBot.Core.Retrieval;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CaseBot.Cli;

/// <summary>
/// The composition root of every command: shared appsettings.json, environment, then --articles/--index; logs go to
/// <paramref name="Log"/> (stderr) one plain line each.
/// </summary>
internal sealed record HostPaths(Option<string?> Articles, Option<string?> Index, TextWriter Log)
{
    private static readonly HashSet<string> AnswerCommands = new(StringComparer.Ordinal) { "ask", "chat", "eval", "tune", "index" };

    public IHost BuildHost(ParseResult parse, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddCaseBotSources(parse.GetValue(Articles), parse.GetValue(Index), settings);

        // The sentence encoder takes most of a second to load: for commands that answer, start it as soon as the
        // configuration says semantic retrieval is on, so it loads while the services are built and the index opens.
        if (AnswerCommands.Contains(parse.CommandResult.Command.Name)
            && builder.Configuration.GetValue($"{RetrievalOptions.SectionName}:{nameof(RetrievalOptions.Semantic)}", true))
        {
            CaseBotWarmUp.Start();
        }

        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddProvider(new PlainLoggerProvider(Log));
        builder.Services.AddCaseBot(builder.Configuration);
        services?.Invoke(builder.Services);
        var host = builder.Build();

        // Commands never start the host: a configuration mistake is reported at once, before any work.
        CaseBotConfiguration.ValidateOptions(host.Services, host);
        return host;
    }
}
