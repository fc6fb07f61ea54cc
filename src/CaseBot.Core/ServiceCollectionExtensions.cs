using CaseBot.Core.Answering;
using CaseBot.Core.Answering.Verification;
using CaseBot.Core.Articles;
using CaseBot.Core.Conversations;
using CaseBot.Core.Feedback;
using CaseBot.Core.Retrieval;
using CaseBot.Core.Retrieval.Semantic;
using CaseBot.Core.Suggestions;
using CaseBot.Core.Timeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Polly;

namespace CaseBot.Core;

public static class ServiceCollectionExtensions
{
    /// <summary>Registers everything CaseBot answers with: articles, the Lucene index, retrieval, the composer kernel and the chat.</summary>
    public static IServiceCollection AddCaseBot(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<CaseProfile>()
            .Bind(configuration.GetSection(CaseProfile.SectionName))
            .Configure<IOptions<CaseBotOptions>>((profile, options) => CaseProfileFile.Apply(profile, options.Value, configuration))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<CaseBotOptions>().Bind(configuration.GetSection(CaseBotOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RetrievalOptions>().Bind(configuration.GetSection(RetrievalOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AnsweringOptions>().Bind(configuration.GetSection(AnsweringOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<CaseBotMetrics>();
        services.AddSingleton<ArticleLoader>();
        services.AddSingleton<CaseAnalyzer>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<CaseBotOptions>>().Value;
            return Glossary.Load([options.ResolvePath(options.GlossaryPath), options.ResolvePath(options.WordFormsPath)], sp.GetRequiredService<CaseAnalyzer>());
        });
        services.AddSingleton<SentenceEmbedder>();
        services.AddSingleton(sp => new PassageIndex(
            sp.GetRequiredService<IOptions<CaseBotOptions>>(),
            sp.GetRequiredService<ArticleLoader>(),
            sp.GetRequiredService<CaseAnalyzer>(),
            sp.GetRequiredService<ILogger<PassageIndex>>(),
            SemanticEmbedder(sp)));
        services.AddSingleton<IPassageRetriever>(sp => new LucenePassageRetriever(
            sp.GetRequiredService<PassageIndex>(),
            sp.GetRequiredService<CaseAnalyzer>(),
            sp.GetRequiredService<Glossary>(),
            sp.GetRequiredService<IOptions<RetrievalOptions>>(),
            SemanticEmbedder(sp)));
        // The Redis store lives in CaseBot.Conversations.Redis: a host that runs several instances registers it
        // (AddRedisConversationStore); in any other program Store=Redis fails at start-up, naming the setting.
        services.AddOptions<ConversationOptions>().Bind(configuration.GetSection(ConversationOptions.SectionName)).ValidateDataAnnotations()
            .Validate<IServiceProviderIsKeyedService>(
                (options, keyed) => !options.UsesRedis || keyed.IsKeyedService(typeof(IConversationStore), ConversationOptions.RedisStore),
                "Conversations:Store is Redis, but this program has no Redis store (only the bot host does); use Memory here.")
            .ValidateOnStart();
        services.AddSingleton<InMemoryConversationStore>();
        services.AddSingleton<IConversationStore>(sp => sp.GetRequiredService<IOptions<ConversationOptions>>().Value.UsesRedis
            ? sp.GetRequiredKeyedService<IConversationStore>(ConversationOptions.RedisStore)
            : sp.GetRequiredService<InMemoryConversationStore>());
        services.AddSingleton<ExtractiveComposer>();
        services.AddSingleton(sp => ClaimWords.Load(sp.GetRequiredService<IOptions<CaseBotOptions>>().Value.ResolvePath(sp.GetRequiredService<IOptions<AnsweringOptions>>().Value.ClaimWordsPath)));
        services.AddSingleton(sp => new AnswerVerifier(
            sp.GetRequiredService<IPassageRetriever>(),
            sp.GetRequiredService<Glossary>(),
            sp.GetRequiredService<CaseAnalyzer>(),
            sp.GetRequiredService<ClaimWords>(),
            SemanticEmbedder(sp)));
        services.AddSingleton(sp => ModelComposer.CreateChatService(
            sp.GetRequiredService<IOptions<AnsweringOptions>>().Value, sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => new Lazy<IChatCompletionService>(sp.GetRequiredService<IChatCompletionService>));
        services.AddSingleton<ModelComposer>();
        services.AddHttpClient(ModelComposer.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("model", (pipeline, context) =>
            {
                // Timeouts, 429 and 5xx are retried a bounded number of times (honouring Retry-After), each try bounded.
                var answering = context.ServiceProvider.GetRequiredService<IOptions<AnsweringOptions>>().Value;
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = Math.Max(1, answering.MaxRetries),
                    ShouldHandle = args => ValueTask.FromResult(answering.MaxRetries > 0 && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(250),
                    ShouldRetryAfterHeader = true,
                });
                pipeline.AddTimeout(TimeSpan.FromSeconds(answering.TimeoutSeconds));
            });
        services.AddSingleton<AnswerPlugin>();
        services.AddSingleton(sp => KernelPluginFactory.CreateFromObject(sp.GetRequiredService<AnswerPlugin>(), AnswerPlugin.PluginName));
        services.AddKernel();
        services.AddSingleton<CaseBotChat>();
        services.AddOptions<FeedbackOptions>().Bind(configuration.GetSection(FeedbackOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new AnswerFeedback(
            sp.GetRequiredService<IOptions<FeedbackOptions>>(),
            sp.GetRequiredService<IOptions<CaseBotOptions>>(),
            sp.GetRequiredService<PassageIndex>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<AnswerFeedback>>()));
        services.AddSingleton(sp => new FollowUpSuggester(
            sp.GetRequiredService<AnswerPlugin>(),
            sp.GetRequiredService<IPassageRetriever>(),
            sp.GetRequiredService<IOptions<CaseProfile>>(),
            SemanticEmbedder(sp)));
        services.AddSingleton(sp => new TimelineBuilder(sp.GetRequiredService<CaseAnalyzer>(), sp.GetRequiredService<ILogger<TimelineBuilder>>()));
        return services;
    }

    /// <summary>The shared sentence encoder, or null when <c>Retrieval:Semantic</c> is off (lexical only, nothing loaded).</summary>
    private static SentenceEmbedder? SemanticEmbedder(IServiceProvider sp) =>
        sp.GetRequiredService<IOptions<RetrievalOptions>>().Value.Semantic ? sp.GetRequiredService<SentenceEmbedder>() : null;
}
