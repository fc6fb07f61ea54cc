using CaseBot.Core.Retrieval.Semantic;

namespace CaseBot.Core;

/// <summary>What a host can start early, before its services are built, so that the first answer comes sooner.</summary>
public static class CaseBotWarmUp
{
    /// <summary>Starts loading the sentence encoder and the everyday-English word frequencies in the background (both are shared by the whole process).</summary>
    public static void Start()
    {
        SentenceEmbedder.Warm();
        Retrieval.EverydayEnglish.Warm();
    }

    /// <summary>
    /// Lets a load started by <see cref="Start"/> finish before the process exits: a process that ends while the
    /// native ONNX runtime is still initialising on another thread can crash on the way out (a console command that
    /// fails at once on a user error, for example).
    /// </summary>
    public static void Finish(TimeSpan timeout) => SentenceEmbedder.WaitForWarmUp(timeout);
}
