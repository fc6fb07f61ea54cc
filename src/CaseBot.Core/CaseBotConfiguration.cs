using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CaseBot.Core;

/// <summary>
/// Where the console programs (the CLI and the performance tools) read their settings from, in order: the shared
/// <c>appsettings.json</c> next to the program, environment variables, then the command line's settings and its
/// <c>--articles</c>/<c>--index</c> folders. One place, so both programs are configured alike.
/// </summary>
public static class CaseBotConfiguration
{
    public static IConfigurationBuilder AddCaseBotSources(this IConfigurationBuilder builder, string? articlesPath, string? indexPath, IDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var overrides = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        if (articlesPath is not null)
        {
            overrides[$"{CaseBotOptions.SectionName}:{nameof(CaseBotOptions.ArticlesPath)}"] = Path.GetFullPath(articlesPath);
        }

        if (indexPath is not null)
        {
            overrides[$"{CaseBotOptions.SectionName}:{nameof(CaseBotOptions.IndexPath)}"] = Path.GetFullPath(indexPath);
        }

        return builder
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides);
    }

    /// <summary>
    /// Checks the options registered with <c>ValidateOnStart</c> now: commands never start a host, and a configuration
    /// mistake should be reported before any work. Disposes <paramref name="owner"/> (the host) when the check fails.
    /// </summary>
    public static void ValidateOptions(IServiceProvider services, IDisposable owner)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(owner);
        try
        {
            (services.GetService(typeof(IStartupValidator)) as IStartupValidator)?.Validate();
        }
        catch
        {
            owner.Dispose();
            throw;
        }
    }
}
