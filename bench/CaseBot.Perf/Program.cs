namespace CaseBot.Perf;

/// <summary>Entry point (not top-level statements: the referenced bot host already has a global <c>Program</c>).</summary>
internal static class Program
{
    public static Task<int> Main(string[] args) => PerfApp.RunAsync(args, Console.Out, Console.Error);
}
