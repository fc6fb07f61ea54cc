using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace CaseBot.Core;

/// <summary>
/// The case profile that travels with its articles: <c>case.json</c> in the articles folder
/// (<c>{"name", "description", "exampleQuestions", "suggestedQuestions"}</c>). Pointing CaseBot at another folder brings
/// that folder's profile, or none: the neutral defaults of <see cref="CaseProfile"/>, never the name of another case.
/// A <c>Case</c> setting given in configuration (appsettings, environment, command line) still wins, key by key.
/// </summary>
public static class CaseProfileFile
{
    public const string FileName = "case.json";

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>
    /// Fills <paramref name="profile"/> from <c>case.json</c> in the articles folder of <paramref name="options"/>, where
    /// the <c>Case</c> section of <paramref name="configuration"/> leaves a key unset.
    /// </summary>
    /// <exception cref="InvalidDataException">The file exists but is not valid JSON (the message names it).</exception>
    public static void Apply(CaseProfile profile, CaseBotOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration.GetSection(CaseProfile.SectionName);
        var path = Path.Combine(options.ResolvePath(options.ArticlesPath), FileName);
        if (!File.Exists(path))
        {
            return;
        }

        CaseProfile? file;
        try
        {
            file = JsonSerializer.Deserialize<CaseProfile>(File.ReadAllText(path), Json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The case profile {path} is not valid JSON:", ex);
        }

        if (file is null)
        {
            return;
        }

        if (configured[nameof(CaseProfile.Name)] is null && !string.IsNullOrWhiteSpace(file.Name))
        {
            profile.Name = file.Name;
        }

        if (configured[nameof(CaseProfile.Description)] is null && !string.IsNullOrWhiteSpace(file.Description))
        {
            profile.Description = file.Description;
        }

        if (!configured.GetSection(nameof(CaseProfile.ExampleQuestions)).GetChildren().Any())
        {
            profile.ExampleQuestions = file.ExampleQuestions;
        }

        if (!configured.GetSection(nameof(CaseProfile.SuggestedQuestions)).GetChildren().Any())
        {
            profile.SuggestedQuestions = file.SuggestedQuestions;
        }
    }
}
