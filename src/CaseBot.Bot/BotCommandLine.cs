namespace CaseBot.Bot;

/// <summary>
/// The host's own command-line words: <c>--help</c>, and <c>--articles</c>/<c>--index</c> as the console takes them.
/// Everything else is ASP.NET Core configuration (<c>--urls</c>, <c>--Section:Key value</c>).
/// </summary>
internal static class BotCommandLine
{
    public const string DefaultUrl = "http://localhost:3978";

    private static readonly Dictionary<string, string> Shortcuts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--articles"] = "--CaseBot:ArticlesPath",
        ["--index"] = "--CaseBot:IndexPath",
    };

    public static string Usage => $"""
        CaseBot bot host: answers questions about the case in its articles, with cited passages, over the Bot Framework
        protocol (Azure Bot Service, Teams, the Agents Playground) and on its own Web Chat page with a local Direct Line.

        Usage:
          dotnet run --project src/CaseBot.Bot [-- OPTIONS]
          dotnet src/CaseBot.Bot/bin/Release/net10.0/CaseBot.Bot.dll [OPTIONS]

        Options:
          --urls URL[;URL]        Where to listen (default {DefaultUrl}); port 0 takes a free port,
                                  e.g. --urls http://127.0.0.1:0. Same as ASPNETCORE_URLS or the Urls setting.
          --articles DIR          Folder of article files (CaseBot:ArticlesPath, default index/articles).
          --index DIR             Folder of the passage index (CaseBot:IndexPath, default index/lucene).
          --Section:Key VALUE     Any setting of appsettings.json, e.g. --Answering:Mode Model.
          -h, --help              Show this help and exit.

        Settings (appsettings.json, or environment variables with __ for the colon, e.g. Retrieval__TopK=12):
          MicrosoftAppId          The bot's app id. Unset: anonymous local mode, no tokens (never expose it to a network).
          MicrosoftAppPassword    Client secret for outbound tokens (environment or user-secrets only).
          MicrosoftAppType        SingleTenant, MultiTenant or UserAssignedMSI.
          MicrosoftAppTenantId    Tenant for SingleTenant and UserAssignedMSI.
          Bot__DirectLineSecret   Needed to get a Direct Line token when MicrosoftAppId is set.
          Answering__Mode         Extractive (default, offline quotes) or Model, with Answering__Endpoint,
                                  Answering__Model and Answering__ApiKey (an OpenAI-compatible endpoint).
          Conversations__Store    Memory (default) or Redis, with Conversations__Redis.

        Once started it prints the address it listens on. It serves:
          /                       the Web Chat page
          /api/messages           the Bot Framework endpoint (Azure Bot Service, Teams, Agents Playground)
          /v3/directline/...      Direct Line 3.0 for the page and DirectLineJS clients
          /healthz                200 once the passage index is open

        """;

    public static bool WantsHelp(IEnumerable<string> args) => args.Any(a => a is "-h" or "--help" or "-?" or "/?");

    /// <summary>Rewrites <c>--articles DIR</c> and <c>--index DIR</c> (or <c>--articles=DIR</c>) to their configuration keys.</summary>
    public static string[] ExpandShortcuts(string[] args) => [.. args.Select(arg =>
    {
        var name = arg.Split('=', 2)[0];
        return Shortcuts.TryGetValue(name, out var key) ? key + arg[name.Length..] : arg;
    })];
}
