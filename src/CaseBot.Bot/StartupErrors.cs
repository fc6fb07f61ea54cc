using System.Net.Sockets;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace CaseBot.Bot;

/// <summary>
/// Turns the start-up failures a user causes (a bad setting, a taken port, an address Kestrel cannot use) into one line
/// that says what to change. Anything else returns null and is reported in full: it is a bug.
/// </summary>
internal static partial class StartupErrors
{
    /// <summary>A failure of options binding or validation, as thrown by the start-up validator.</summary>
    public static string? Configuration(Exception exception)
    {
        var problems = new List<(string Message, string? Key)>();
        foreach (var ex in exception is AggregateException aggregate ? aggregate.Flatten().InnerExceptions : [exception])
        {
            switch (ex)
            {
                case OptionsValidationException invalid:
                    problems.AddRange(invalid.Failures.Select(f => Describe(invalid.OptionsType, f)));
                    break;
                case InvalidOperationException { Source: "Microsoft.Extensions.Configuration.Binder" } binding:
                    problems.Add((binding.Message, null));
                    break;
                default:
                    return null;
            }
        }

        var text = string.Join(" ", problems.Select(p => p.Message));
        var keys = problems.Select(p => p.Key).Distinct().ToList();
        var hint = keys switch
        {
            [{ } secret] when IsSecret(secret) => $" Set it as the environment variable {EnvironmentName(secret)} (never in appsettings.json).",
            [{ } key] => $" Set it in appsettings.json, as the environment variable {EnvironmentName(key)} or with --{key} VALUE.",
            _ => " Settings come from appsettings.json, environment variables (Section__Key) or --Section:Key VALUE.",
        };
        return $"CaseBot cannot start: {text}{hint}";
    }

    /// <summary>
    /// An address that is not a URL. Kestrel reads some of these its own way: <c>http://127.0.0.1:abc</c> would listen
    /// on port 80 of every interface.
    /// </summary>
    public static string? Addresses(IReadOnlyList<string> configured)
    {
        var bad = configured.FirstOrDefault(a =>
            !Uri.TryCreate(a.Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https"));
        return bad is null
            ? null
            : $"CaseBot cannot listen on {bad}: that is not an address like {BotCommandLine.DefaultUrl}. Choose it with --urls, e.g. --urls {BotCommandLine.DefaultUrl} or --urls http://127.0.0.1:0 for a free port.";
    }

    /// <summary>A failure to listen on a configured address (<paramref name="configured"/>: what was asked for).</summary>
    public static string? Listening(Exception exception, IReadOnlyList<string> configured)
    {
        var asked = string.Join(";", configured);
        if (exception is IOException io && BindFailure().Match(io.Message) is { Success: true } bind)
        {
            var bound = bind.Groups["address"].Value;
            var port = PortOf(bound);
            var wanted = configured.FirstOrDefault(c => PortOf(c) == port) ?? bound;
            var another = port is > 0 and < 65535 ? WithPort(wanted, port.Value + 1) : "http://localhost:3979";
            var reason = io.InnerException is AddressInUseException || Innermost(io) is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }
                ? $"port {port} is already in use (is CaseBot already running?)"
                : Innermost(io).Message.TrimEnd('.');
            return $"CaseBot cannot listen on {wanted}: {reason}. Choose another port with --urls {another} (or the ASPNETCORE_URLS environment variable, or the Urls setting).";
        }

        // Kestrel's own checks of the addresses (not a URL, no port, port 0 on 'localhost', an unknown scheme).
        if (exception is InvalidOperationException or FormatException or ArgumentException
            && exception.TargetSite?.DeclaringType?.Assembly is { } assembly && IsServerAssembly(assembly))
        {
            return $"CaseBot cannot listen on {asked}: {exception.Message} Choose the address with --urls, e.g. --urls {BotCommandLine.DefaultUrl} or --urls http://127.0.0.1:0 for a free port.";
        }

        return null;
    }

    private static (string Message, string? Key) Describe(Type options, string failure)
    {
        var match = DataAnnotationFailure().Match(failure);
        var section = options.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as string;
        if (!match.Success)
        {
            return (failure, null);
        }

        var error = match.Groups["error"].Value;
        var member = match.Groups["members"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (member is null)
        {
            return (error, null);
        }

        var key = section is null ? member : $"{section}:{member}";
        if (error.Contains(key, StringComparison.OrdinalIgnoreCase))
        {
            return (error, key);
        }

        // DataAnnotations' default wording names the property ("The field MaxSentences must be ..."): name the setting.
        foreach (var wording in new[] { $"The field {member}", $"The {member} field" })
        {
            if (error.StartsWith(wording, StringComparison.Ordinal))
            {
                return (key + error[wording.Length..], key);
            }
        }

        return ($"{key}: {error}", key);
    }

    private static string EnvironmentName(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    private static bool IsSecret(string key) =>
        key.EndsWith("Password", StringComparison.OrdinalIgnoreCase) || key.EndsWith("Secret", StringComparison.OrdinalIgnoreCase) || key.EndsWith("ApiKey", StringComparison.OrdinalIgnoreCase);

    private static int? PortOf(string address) =>
        BindingAddressPort().Match(address) is { Success: true } m && int.TryParse(m.Groups["port"].Value, out var port) ? port : null;

    private static string WithPort(string address, int port) => BindingAddressPort().Replace(address, $":{port}", 1);

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is not null)
        {
            exception = exception.InnerException;
        }

        return exception;
    }

    private static bool IsServerAssembly(Assembly assembly) =>
        assembly.GetName().Name is { } name && (name.StartsWith("Microsoft.AspNetCore.Server.Kestrel", StringComparison.Ordinal) || name == "Microsoft.AspNetCore.Http");

    [GeneratedRegex(@"^DataAnnotation validation failed for '(?<type>[^']*)' members: '(?<members>[^']*)' with the error: '(?<error>.*)'\.$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotationFailure();

    [GeneratedRegex(@"Failed to bind to address (?<address>\w+://\S+?)(?::?\s|\.?$)")]
    private static partial Regex BindFailure();

    [GeneratedRegex(@":(?<port>\d+)(?=/|$)")]
    private static partial Regex BindingAddressPort();
}
