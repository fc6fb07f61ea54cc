using CaseBot.Core.Evaluation;
using Microsoft.Extensions.DependencyInjection;

namespace CaseBot.Bot.Tests;

/// <summary>What the bot host registers: the product, not the console's developer tooling.</summary>
public sealed class CompositionTests
{
    [Fact]
    public async Task BotHost_DoesNotRegisterTheEvaluationTools()
    {
        await using var bot = new BotFactory();

        var services = bot.Services;

        Assert.Null(services.GetService<EvalRunner>());
        Assert.Null(services.GetService<RankerTuner>());
    }
}
