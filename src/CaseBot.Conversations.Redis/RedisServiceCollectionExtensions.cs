using CaseBot.Core.Conversations;
using Microsoft.Extensions.DependencyInjection;

namespace CaseBot.Conversations.Redis;

public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// Offers conversation state in Redis to a host that runs several instances; it is used when
    /// <c>Conversations:Store</c> is <c>Redis</c> (with <c>Conversations:Redis</c>), and the in-memory store otherwise.
    /// Call after <c>AddCaseBot</c>.
    /// </summary>
    public static IServiceCollection AddRedisConversationStore(this IServiceCollection services)
    {
        services.AddKeyedSingleton<IConversationStore, RedisConversationStore>(ConversationOptions.RedisStore);
        return services;
    }
}
