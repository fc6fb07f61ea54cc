using System.ComponentModel;
using CaseBot.Core.Articles;
using CaseBot.Core.Conversations;
using CaseBot.Core.Retrieval;
using Microsoft.SemanticKernel;

namespace CaseBot.Core.Answering;

/// <summary>
/// The answer composer as a Semantic Kernel plugin: retrieval, follow-up resolution and the answer strategy behind one
/// kernel function, so hosts (and later a model-written strategy) go through a <see cref="Kernel"/>.
/// </summary>
internal sealed class AnswerPlugin(IPassageRetriever retriever, ExtractiveComposer composer)
{
    public const string PluginName = "CaseBot";
    public const string FunctionName = "answer";

    [KernelFunction(FunctionName)]
    [Description("Answers a question about E. Jean Carroll v. Donald J. Trump from the news articles, quoting and citing the passages it rests on.")]
    public Answer Answer(
        [Description("The user's question.")] string question,
        [Description("Earlier turns of this conversation, oldest first.")] IReadOnlyList<ConversationTurn>? history = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        var (genuine, hadInstructions) = SplitInstructions(question);
        var searchText = genuine.Length > 0 ? genuine : question;

        var contentWords = retriever.Terms(searchText).Count;
        var context = FollowUpResolver.ContextFor(searchText, history ?? [], contentWords);
        var retrieval = retriever.Retrieve(new RetrievalRequest(searchText, context), cancellationToken);
        var profile = QuestionClassifier.Classify(retrieval.CorrectedQuestion);

        var declined = hadInstructions && !LooksLikeQuestion(genuine);
        var answer = composer.Compose(retrieval.CorrectedQuestion, profile, retrieval, declined);
        return answer with
        {
            SearchedFor = context.Count == 0 ? retrieval.CorrectedQuestion : $"{retrieval.CorrectedQuestion} (in the light of: {string.Join(" / ", context)})",
            Corrections = retrieval.Corrections,
            Notice = hadInstructions && !declined ? "Instructions in your message were ignored; I answered the question in it." : null,
        };
    }

    /// <summary>The message without sentences that try to instruct the bot, and whether there were any.</summary>
    private static (string Genuine, bool HadInstructions) SplitInstructions(string question)
    {
        if (!InstructionDetector.IsInstruction(question))
        {
            return (question, false);
        }

        var kept = SentenceSplitter.Split(question)
            .Select(s => question.Substring(s.Start, s.Length))
            .Where(s => !InstructionDetector.IsInstruction(s));
        return (string.Join(' ', kept).Trim(), true);
    }

    private static bool LooksLikeQuestion(string text) =>
        text.EndsWith('?') || QuestionClassifier.Classify(text).Type != AnswerType.General;
}
