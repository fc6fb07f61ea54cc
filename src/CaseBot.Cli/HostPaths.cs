using System.CommandLine;
using CaseBot.Cli.Logging;
using CaseBot.Core;
using CaseBot.Core.Retrieval;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false)
            .AddEnvironmentVariables();
        var overrides = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
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
        builder.Logging.AddProvider(new PlainLoggerProvider(Log));
        builder.Services.AddCaseBot(builder.Configuration);
        services?.Invoke(builder.Services);
        var host = builder.Build();
        try
        {
            // Commands never start the host, so the options registered with ValidateOnStart are checked here, before
            // any work: a configuration mistake is reported at once.
            host.Services.GetService<IStartupValidator>()?.Validate();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        // The sentence encoder takes about a second to load: for commands that answer, start it now, so it loads while
        // the index opens.
        if (AnswerCommands.Contains(parse.CommandResult.Command.Name)
            && builder.Configuration.GetValue($"{RetrievalOptions.SectionName}:{nameof(RetrievalOptions.Semantic)}", true))
        {
            CaseBotWarmUp.Start();
        }

        return host;
    }
}
