namespace CaseBot.Core.Articles;

/// <summary>
/// What a paragraph of an article is. Only <see cref="Body"/> passages are quoted as answers; captions and social embeds
/// are asides a model may read and cite; bylines and helpline lists are neither.
/// </summary>
public enum PassageKind
{
    Body,
    Byline,
    Caption,
    SocialEmbed,
    Helpline,
}
