using CaseBot.Core.Retrieval.Semantic;

namespace CaseBot.Core;

/// <summary>What a host can start early, before its services are built, so that the first answer comes sooner.</summary>
public static class CaseBotWarmUp
{
    /// <summary>Starts loading the sentence encoder in the background (it is shared by the whole process).</summary>
    public static void Start() => SentenceEmbedder.Warm();
}
