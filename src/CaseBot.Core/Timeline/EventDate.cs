using System.Globalization;

namespace CaseBot.Core.Timeline;

/// <summary>
/// A calendar date known to the year, the month or the day. <see cref="Earliest"/> is the first day it can mean,
/// so a year sorts before the months and days inside it.
/// </summary>
public readonly record struct EventDate(DatePrecision Precision, DateOnly Earliest)
{
    public static EventDate OfYear(int year) => new(DatePrecision.Year, new DateOnly(year, 1, 1));

    public static EventDate OfMonth(int year, int month) => new(DatePrecision.Month, new DateOnly(year, month, 1));

    public static EventDate OfDay(DateOnly day) => new(DatePrecision.Day, day);

    /// <summary>The last day it can mean.</summary>
    public DateOnly Latest => Precision switch
    {
        DatePrecision.Year => new DateOnly(Earliest.Year, 12, 31),
        DatePrecision.Month => Earliest.AddMonths(1).AddDays(-1),
        _ => Earliest,
    };

    /// <summary>Whether every day <paramref name="other"/> can mean lies inside this date (a year contains its months).</summary>
    public bool Contains(EventDate other) => Earliest <= other.Earliest && other.Latest <= Latest;

    /// <summary>Whether the two can be the same date: equal, or one inside the other.</summary>
    public bool IsCompatibleWith(EventDate other) => Contains(other) || other.Contains(this);

    /// <summary><c>YYYY</c>, <c>YYYY-MM</c> or <c>YYYY-MM-DD</c>.</summary>
    public override string ToString() => Earliest.ToString(
        Precision switch { DatePrecision.Year => "yyyy", DatePrecision.Month => "yyyy-MM", _ => "yyyy-MM-dd" },
        CultureInfo.InvariantCulture);

    /// <summary><c>2019</c>, <c>June 2019</c> or <c>15 January 2024</c>.</summary>
    public string ToDisplayString() => Earliest.ToString(
        Precision switch { DatePrecision.Year => "yyyy", DatePrecision.Month => "MMMM yyyy", _ => "d MMMM yyyy" },
        CultureInfo.InvariantCulture);
}
