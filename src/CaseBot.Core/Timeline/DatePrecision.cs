namespace CaseBot.Core.Timeline;

/// <summary>How exactly the date of a timeline entry is known.</summary>
public enum DatePrecision
{
    Year,
    Month,
    Day,
}
