using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CaseBot.Cli;

/// <summary>
/// Turns the exceptions a user can cause (a missing or unreadable folder or file, bad configuration) into one line
/// that says what to fix. Anything else is a bug and is left to the caller.
/// </summary>
internal static partial class UserErrors
{
    private const string InvalidConfiguration = "invalid configuration: ";

    /// <summary>The line to print for <paramref name="exception"/> (or an exception it wraps), or null when it is not the user's doing.</summary>
    public static string? Describe(Exception exception)
    {
        if (exception is AggregateException { InnerExceptions.Count: > 1 } many)
        {
            var lines = many.InnerExceptions.Select(Describe).ToList();
            if (lines.Any(l => l is null))
            {
                return null;
            }

            var joined = string.Join(" ", lines.Distinct(StringComparer.Ordinal));
            return lines.All(l => l!.StartsWith(InvalidConfiguration, StringComparison.Ordinal))
                ? InvalidConfiguration + joined.Replace(InvalidConfiguration, string.Empty, StringComparison.Ordinal)
                : joined;
        }

        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            var line = ex switch
            {
                OptionsValidationException invalid => InvalidConfiguration + string.Join(" ", invalid.Failures.Select(f => Failure(invalid.OptionsType, f))),
                InvalidOperationException when ex.TargetSite?.DeclaringType == typeof(ConfigurationBinder) || ConversionFailure().IsMatch(ex.Message) => InvalidConfiguration + Binding(ex.Message),
                InvalidDataException when ex.InnerException is not null => $"{InvalidConfiguration}{ex.Message} {ex.InnerException.Message}",
                InvalidDataException => InvalidConfiguration + ex.Message,
                IOException or UnauthorizedAccessException or FormatException => ex.Message,
                _ => null,
            };
            if (line is not null)
            {
                return OneLine(line);
            }

            if (ex is not (AggregateException or TargetInvocationException))
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>A data-annotation failure as <c>Section:Key: message</c>; messages that already name their key stay as they are.</summary>
    private static string Failure(Type optionsType, string failure)
    {
        var match = DataAnnotationFailure().Match(failure);
        if (!match.Success)
        {
            return EndSentence(failure);
        }

        var error = match.Groups["error"].Value;
        var section = optionsType.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as string ?? optionsType.Name;
        if (error.StartsWith(section + ":", StringComparison.Ordinal))
        {
            return EndSentence(error);
        }

        var members = match.Groups["members"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var key = members.Length == 0 ? section : string.Join(", ", members.Select(m => $"{section}:{m}"));
        return EndSentence($"{key}: {error}");
    }

    private static string Binding(string message)
    {
        var match = ConversionFailure().Match(message);
        if (!match.Success)
        {
            return message;
        }

        var kind = match.Groups["type"].Value switch
        {
            "System.Int32" or "System.Int64" or "System.Int16" => "a whole number",
            "System.Single" or "System.Double" or "System.Decimal" => "a number",
            "System.Boolean" => "true or false",
            "System.TimeSpan" => "a time span (hh:mm:ss)",
            "System.Uri" => "an absolute URL",
            var other => $"a value of type {other}",
        };
        var value = match.Groups["value"];
        return value.Success ? $"{match.Groups["key"].Value} must be {kind}, not '{value.Value}'." : $"{match.Groups["key"].Value} must be {kind}.";
    }

    private static string EndSentence(string text) => text.EndsWith('.') ? text : text + ".";

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    [GeneratedRegex(@"^DataAnnotation validation failed for '[^']*' members: '(?<members>[^']*)' with the error: '(?<error>.*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotationFailure();

    [GeneratedRegex(@"^Failed to convert configuration value (?:'(?<value>[^']*)' )?at '(?<key>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex ConversionFailure();
}
