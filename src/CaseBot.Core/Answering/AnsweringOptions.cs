using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;

namespace CaseBot.Core.Answering;

/// <summary>How answers are composed (section <c>Answering</c>).</summary>
public sealed class AnsweringOptions : IValidatableObject
{
    public const string SectionName = "Answering";
    public const string ExtractiveMode = "Extractive";
    public const string ModelMode = "Model";

    /// <summary>
    /// <c>Extractive</c> (offline, the default): every sentence of an answer is a verbatim quote. <c>Model</c>: a
    /// language model behind an OpenAI-compatible endpoint writes the answer, held to verified citations.
    /// </summary>
    [AllowedValues(ExtractiveMode, ModelMode, ErrorMessage = "Answering:Mode must be Extractive or Model.")]
    public string Mode { get; set; } = ExtractiveMode;

    /// <summary>Base URL of an OpenAI-compatible API (OpenAI, Azure OpenAI v1, Ollama, vLLM, LM Studio), e.g. <c>http://localhost:11434/v1</c>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The model name the endpoint knows (e.g. <c>gpt-4o-mini</c>, <c>llama3.1</c>).</summary>
    public string? Model { get; set; }

    /// <summary>API key: from the environment (<c>Answering__ApiKey</c>) or user-secrets only, never appsettings.json.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Seconds one model call may take before CaseBot answers extractively instead.</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 20;

    /// <summary>Retries of a model call after a timeout, 429 or 5xx.</summary>
    [Range(0, 5)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>
    /// Passages given to the model at most: the extractive answer's, then the BM25 and the closest-in-meaning lists of a
    /// search this deep, taken in turn. Passages are at most 700 characters, so 30 is at most about 5,000 tokens.
    /// </summary>
    [Range(1, 60)]
    public int MaxPassages { get; set; } = 30;

    /// <summary>
    /// When the model says the articles don't answer, or no sentence of what it wrote survives the checks, ask it once
    /// more with the next <see cref="MaxPassages"/> passages of the same search (one more call, only then): the answer
    /// is often just below the first cut.
    /// </summary>
    public bool SecondLook { get; set; } = true;

    /// <summary>
    /// How many asides (photo captions, embedded social posts) matching the question's words the model is given among
    /// its passages; the extractive composer never quotes them. 0 leaves them out.
    /// </summary>
    [Range(0, 10)]
    public int MaxAsides { get; set; } = 2;

    /// <summary>In Model mode, let the model rewrite a follow-up into a standalone search query (deterministic rewriting otherwise).</summary>
    public bool RewriteFollowUps { get; set; } = true;

    [MemberNotNullWhen(true, nameof(Endpoint), nameof(Model))]
    public bool UsesModel => string.Equals(Mode, ModelMode, StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!UsesModel)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(Endpoint) || !Uri.TryCreate(Endpoint, UriKind.Absolute, out _))
        {
            yield return new ValidationResult("Answering:Endpoint must be the absolute base URL of an OpenAI-compatible API when Answering:Mode is Model (e.g. Answering__Endpoint=http://localhost:11434/v1).", [nameof(Endpoint)]);
        }

        if (string.IsNullOrWhiteSpace(Model))
        {
            yield return new ValidationResult("Answering:Model must name the model when Answering:Mode is Model (e.g. Answering__Model=llama3.1).", [nameof(Model)]);
        }
    }

    /// <summary>At most this many quoted sentences in one answer.</summary>
    [Range(1, 5)]
    public int MaxSentences { get; set; } = 2;

    /// <summary>Longer questions are cut to this many characters, with a notice.</summary>
    [Range(50, 100_000)]
    public int MaxQuestionLength { get; set; } = 1000;

    /// <summary>
    /// The fitted sentence-ranker weights (written by <c>tune</c>). Empty: the weights built into CaseBot, fitted on
    /// the tuning questions of <c>tests/eval/tune.jsonl</c>.
    /// </summary>
    public string? RankerPath { get; set; }

    /// <summary>
    /// The words that change what a sentence claims (reporting verbs, negations, findings and outcomes), used to check
    /// model-written sentences against their passages. Relative paths are found like the glossary's.
    /// </summary>
    [Required]
    public string ClaimWordsPath { get; set; } = "index/claims.txt";
}
