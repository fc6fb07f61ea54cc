using System.Reflection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace CaseBot.Core.Answering;

/// <summary>
/// A prompt the way Semantic Kernel's prompt folders keep one: <c>NAME.json</c> is its configuration (description and
/// execution settings such as temperature and max tokens), <c>NAME.system.txt</c> the rules, sent as the system
/// message, and <c>NAME.user.txt</c> the data (passages, conversation, question), sent as the user message. Both are
/// Semantic Kernel templates (<c>{{$case}}</c> fills in the case profile's name).
/// </summary>
internal sealed class ChatPrompt
{
    private readonly IPromptTemplate _system;
    private readonly IPromptTemplate _user;

    private ChatPrompt(PromptTemplateConfig config, IPromptTemplate system, IPromptTemplate user)
    {
        Config = config;
        _system = system;
        _user = user;
    }

    public PromptTemplateConfig Config { get; }

    /// <summary>The execution settings of the prompt's configuration (its <c>default</c> entry).</summary>
    public PromptExecutionSettings Settings => Config.DefaultExecutionSettings ?? new PromptExecutionSettings();

    /// <summary>The prompt <paramref name="name"/> built into CaseBot (<c>Answering/Prompts</c>).</summary>
    public static ChatPrompt Load(string name)
    {
        var config = PromptTemplateConfig.FromJson(Resource($"{name}.json"));
        return new ChatPrompt(config, Template(Resource($"{name}.system.txt")), Template(Resource($"{name}.user.txt")));
    }

    /// <summary>The system message with the rules and the user message with the data, rendered.</summary>
    public async Task<ChatHistory> RenderAsync(Kernel kernel, KernelArguments arguments, CancellationToken cancellationToken)
    {
        var chat = new ChatHistory();
        chat.AddSystemMessage(await _system.RenderAsync(kernel, arguments, cancellationToken));
        chat.AddUserMessage(await _user.RenderAsync(kernel, arguments, cancellationToken));
        return chat;
    }

    private static IPromptTemplate Template(string text) =>
        // Each rendered template becomes one message's text and is never parsed as chat markup, so values are inserted as
        // they are: no HTML encoding of passages ("&quot;") reaches the model, and a passage cannot open a new message.
        // The factory's flag is what decides: the configuration's flag alone still encoded them.
        new KernelPromptTemplateFactory { AllowDangerouslySetContent = true }.Create(new PromptTemplateConfig(text));

    private static string Resource(string file)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"CaseBot.Prompts.{file}")
            ?? throw new InvalidOperationException($"The prompt file {file} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
