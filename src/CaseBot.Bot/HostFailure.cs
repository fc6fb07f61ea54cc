namespace CaseBot.Bot;

/// <summary>Why the running host stopped itself (e.g. its articles folder is missing); the process then exits with 1.</summary>
public sealed class HostFailure
{
    private string? _message;

    public string? Message => Volatile.Read(ref _message);

    public void Set(string message) => Interlocked.CompareExchange(ref _message, message, null);
}
