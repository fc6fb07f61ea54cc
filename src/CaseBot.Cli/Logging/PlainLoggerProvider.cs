using System.Text;
using Microsoft.Extensions.Logging;

namespace CaseBot.Cli.Logging;

/// <summary>
/// Writes each log entry as one plain line to the console's error stream (<c>warn: Rebuilding the passage index at …</c>):
/// no category, no event id, no colour, and an exception as its message only. Standard output stays for answers and
/// machine-readable lines.
/// </summary>
internal sealed class PlainLoggerProvider(TextWriter writer) : ILoggerProvider
{
    private readonly Lock _gate = new();

    public ILogger CreateLogger(string categoryName) => new PlainLogger(this);

    public void Dispose()
    {
    }

    internal static string Format(LogLevel level, string message, Exception? exception)
    {
        var line = new StringBuilder(LevelName(level)).Append(": ").Append(OneLine(message));
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            if (!message.Contains(ex.Message, StringComparison.Ordinal))
            {
                line.Append(" (").Append(OneLine(ex.Message)).Append(')');
                break;
            }
        }

        return line.ToString();
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => level.ToString().ToLowerInvariant(),
    };

    private static string OneLine(string text) =>
        text.Contains('\n', StringComparison.Ordinal) ? string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) : text;

    private void Write(string line)
    {
        lock (_gate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    private sealed class PlainLogger(PlainLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            provider.Write(Format(logLevel, formatter(state, exception), exception));
        }
    }
}
