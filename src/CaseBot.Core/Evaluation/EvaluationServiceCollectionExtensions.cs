using CaseBot.Core.Answering;
using Microsoft.Extensions.DependencyInjection;

namespace CaseBot.Core.Evaluation;

public static class EvaluationServiceCollectionExtensions
{
    /// <summary>
    /// Adds the question-set runner and the ranker tuner on top of <see cref="ServiceCollectionExtensions.AddCaseBot"/>:
    /// developer tooling for the console's <c>eval</c> and <c>tune</c>, never registered by a host that answers users.
    /// </summary>
    public static IServiceCollection AddCaseBotEvaluation(this IServiceCollection services)
    {
        services.AddSingleton<EvalRunner>();
        services.AddSingleton(sp => new RankerTuner(sp.GetRequiredService<AnswerPlugin>(), sp.GetRequiredService<ExtractiveComposer>()));
        return services;
    }
}
