using CaseBot.Core.Articles;

namespace CaseBot.Core.Retrieval;

/// <summary>What an index build did: counts, skipped files and how long it took.</summary>
public sealed record IndexBuildReport(string IndexPath, int Articles, int Passages, IReadOnlyList<SkippedFile> Skipped, TimeSpan Elapsed, string Reason);
