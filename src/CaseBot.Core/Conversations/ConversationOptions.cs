using System.ComponentModel.DataAnnotations;

namespace CaseBot.Core.Conversations;

/// <summary>Where conversation state lives (section <c>Conversations</c>).</summary>
public sealed class ConversationOptions : IValidatableObject
{
    public const string SectionName = "Conversations";

    /// <summary>The <see cref="Store"/> value, and the service key, of the Redis store (<c>CaseBot.Conversations.Redis</c>).</summary>
    public const string RedisStore = "Redis";

    /// <summary><c>Memory</c> (one instance, the default) or <c>Redis</c> (several instances share conversations).</summary>
    [AllowedValues("Memory", "Redis", ErrorMessage = "Conversations:Store must be Memory or Redis.")]
    public string Store { get; set; } = "Memory";

    /// <summary>StackExchange.Redis connection string, e.g. <c>localhost:6379</c> (secrets in it: environment or user-secrets).</summary>
    public string? Redis { get; set; }

    /// <summary>Idle conversations are forgotten after this many minutes.</summary>
    [Range(1, 7 * 24 * 60)]
    public int TtlMinutes { get; set; } = 120;

    /// <summary>Turns kept per conversation.</summary>
    [Range(1, 50)]
    public int MaxTurns { get; set; } = 6;

    public bool UsesRedis => string.Equals(Store, RedisStore, StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UsesRedis && string.IsNullOrWhiteSpace(Redis))
        {
            yield return new ValidationResult("Conversations:Redis must be a Redis connection string when Conversations:Store is Redis (e.g. Conversations__Redis=localhost:6379).", [nameof(Redis)]);
        }
    }
}
