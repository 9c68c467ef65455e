namespace CaseTracker.Cli;

/// <summary>Dates as people type them: yyyy-mm-dd.</summary>
public static class DateText
{
    public static Google.Type.Date Parse(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", out var date)
            ? new Google.Type.Date { Year = date.Year, Month = date.Month, Day = date.Day }
            : throw new CliUsageException($"'{text}' is not a date: write yyyy-mm-dd");
}
