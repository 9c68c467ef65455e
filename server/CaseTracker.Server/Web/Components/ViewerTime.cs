using System.Globalization;
using CaseTracker.Server.Cases;

namespace CaseTracker.Server.Web.Components;

/// <summary>Times as the viewer reads them: in the time zone they chose (their party's by default), in their language's format.</summary>
public static class ViewerTime
{
    public static TimeZoneInfo ZoneOf(HttpContext http, Party? party)
    {
        var chosen = ChosenZone(http) ?? WebCultures.DefaultTimeZone(party);
        return TimeZoneInfo.TryFindSystemTimeZoneById(chosen, out var zone) ? zone : TimeZoneInfo.Utc;
    }

    /// <summary>The zone this browser chose, or null to follow the viewer's party's own.</summary>
    public static string? ChosenZone(HttpContext? http) =>
        http?.Request.Cookies[WebSignIn.TimeZoneCookie] is { Length: > 0 } chosen ? chosen : null;

    public static string Format(HttpContext http, Party? party, DateTimeOffset time)
    {
        var zone = ZoneOf(http, party);
        var local = TimeZoneInfo.ConvertTime(time, zone);
        return local.ToString("g", FormatCulture) + " " + Abbreviation(zone, local);
    }

    /// <summary>The viewer's language's formats; English as written in Europe (day first, 24-hour clock), not the United States'.</summary>
    public static CultureInfo FormatCulture =>
        CultureInfo.CurrentCulture.TwoLetterISOLanguageName == "en" ? CultureInfo.GetCultureInfo("en-GB") : CultureInfo.CurrentCulture;

    private static string Abbreviation(TimeZoneInfo zone, DateTimeOffset local) =>
        zone == TimeZoneInfo.Utc ? "UTC" : "UTC" + (local.Offset >= TimeSpan.Zero ? "+" : "-") + local.Offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture);
}
