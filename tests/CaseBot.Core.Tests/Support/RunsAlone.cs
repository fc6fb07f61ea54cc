namespace CaseBot.Core.Tests.Support;

/// <summary>
/// Test classes that run alone, after the parallel ones: they start many hosts and embed with the shared encoder, which
/// would otherwise take the CPU from tests timed in seconds (the model tests' one-second timeout).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public static class RunsAlone
{
    public const string Name = "Serial";
}
