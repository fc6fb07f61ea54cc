using System.CommandLine;
using CaseBot.Cli.Teams;
using CaseBot.Core;
using Microsoft.Extensions.Configuration;

namespace CaseBot.Cli.Commands;

internal static class TeamsPackageCommand
{
    public static Command Create(TextWriter output)
    {
        var outPath = new Option<string>("--out") { Description = "Where to write the zip.", DefaultValueFactory = _ => "casebot-teams.zip" };
        var botId = new Option<string?>("--bot-id") { Description = "The bot's Microsoft App ID (default: MicrosoftAppId from configuration or the environment)." };
        var version = new Option<string>("--version") { Description = "The app version in the manifest.", DefaultValueFactory = _ => "1.0.0" };
        var command = new Command("teams-package", "Write a Teams app package (manifest.json, color.png, outline.png) to sideload the bot.") { outPath, botId, version };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var configuration = new ConfigurationBuilder()
                .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
                .AddEnvironmentVariables()
                .Build();
            var id = parse.GetValue(botId) ?? configuration["MicrosoftAppId"];
            if (string.IsNullOrWhiteSpace(id))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("casebot: no bot id: set MicrosoftAppId (environment variable or user-secrets) or pass --bot-id <app id>.");
                return 2;
            }

            var path = Path.GetFullPath(parse.GetValue(outPath)!);
            var options = configuration.GetSection(CaseBotOptions.SectionName).Get<CaseBotOptions>() ?? new CaseBotOptions();
            var profile = configuration.GetSection(CaseProfile.SectionName).Get<CaseProfile>() ?? new CaseProfile();
            CaseProfileFile.Apply(profile, options, configuration);
            TeamsPackage.Write(path, id, parse.GetValue(version)!, profile.Name);
            await output.WriteLineAsync($"Wrote {path} (manifest {TeamsPackage.ManifestVersion}, app id {TeamsPackage.AppId(id)}, bot id {id}). Upload it in Teams: Apps > Manage your apps > Upload a custom app.");
            return 0;
        });
        return command;
    }
}
