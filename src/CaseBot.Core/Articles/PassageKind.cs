namespace CaseBot.Core.Articles;

/// <summary>What a paragraph of an article is. Only <see cref="Body"/> passages are facts about the case and citable.</summary>
public enum PassageKind
{
    Body,
    Byline,
    Caption,
    SocialEmbed,
    Helpline,
}
