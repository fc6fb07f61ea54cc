namespace CaseBot.Core.Retrieval;

/// <summary>Written last into a built index folder: what it was built from, so a stale or half-built index is never used.</summary>
internal sealed record IndexManifest(int Schema, string ContentHash, int Articles, int Passages, DateTimeOffset BuiltAt, string? VectorModel = null, int Sentences = 0);
