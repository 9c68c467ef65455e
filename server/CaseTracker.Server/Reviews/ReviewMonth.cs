using System.Globalization;
using System.Text.RegularExpressions;

namespace CaseTracker.Server.Reviews;

/// <summary>A calendar month in the review time zone: the period [Start, End) in UTC.</summary>
public sealed partial record ReviewMonth(int Year, int Month, DateTime Start, DateTime End)
{
    public static ReviewMonth Of(int year, int month, TimeZoneInfo zone)
    {
        var first = new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        return new ReviewMonth(year, month,
            TimeZoneInfo.ConvertTimeToUtc(first, zone),
            TimeZoneInfo.ConvertTimeToUtc(first.AddMonths(1), zone));
    }

    /// <summary>Parses <c>YYYY-MM</c>; null when it is not a month.</summary>
    public static ReviewMonth? TryParse(string text, TimeZoneInfo zone)
    {
        if (!Pattern().IsMatch(text))
        {
            return null;
        }
        var year = int.Parse(text[..4], CultureInfo.InvariantCulture);
        var month = int.Parse(text[5..], CultureInfo.InvariantCulture);
        return year is >= 2000 and <= 9998 && month is >= 1 and <= 12 ? Of(year, month, zone) : null;
    }

    /// <summary>The month before the one <paramref name="utcNow"/> falls in.</summary>
    public static ReviewMonth Previous(DateTime utcNow, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(utcNow, zone);
        var previous = new DateTime(local.Year, local.Month, 1).AddMonths(-1);
        return Of(previous.Year, previous.Month, zone);
    }

    public override string ToString() => $"{Year:D4}-{Month:D2}";

    [GeneratedRegex(@"^\d{4}-\d{2}$")]
    private static partial Regex Pattern();
}
