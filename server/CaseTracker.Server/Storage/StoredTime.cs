namespace CaseTracker.Server.Storage;

/// <summary>Times as the record keeps them (to the microsecond, the precision both SQLite and PostgreSQL store), and the dates it judges by.</summary>
public static class StoredTime
{
    /// <summary><paramref name="utc"/> cut to the microsecond, so that what was stored compares equal to what is sent again.</summary>
    public static DateTime ToMicrosecond(DateTime utc) =>
        new(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMicrosecond), DateTimeKind.Utc);

    /// <summary>
    /// The latest date it is anywhere at <paramref name="utc"/> (UTC+14): a date typed as "today" in Kamchatka, Dushanbe
    /// or Moscow is never after it, so a date is in the future only when it is after this one.
    /// </summary>
    public static DateOnly LatestDateAnywhere(DateTime utc) => DateOnly.FromDateTime(utc.AddHours(14));
}
