namespace CaseTracker.Server.Storage;

/// <summary>Times as the record keeps them: to the microsecond, the precision both SQLite and PostgreSQL store.</summary>
public static class StoredTime
{
    /// <summary><paramref name="utc"/> cut to the microsecond, so that what was stored compares equal to what is sent again.</summary>
    public static DateTime ToMicrosecond(DateTime utc) =>
        new(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMicrosecond), DateTimeKind.Utc);
}
