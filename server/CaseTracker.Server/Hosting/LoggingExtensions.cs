namespace CaseTracker.Server.Hosting;

public static class LoggingExtensions
{
    /// <summary>
    /// Structured (JSON) console logs. Messages name cases by reference and callers by ID, never a subject's
    /// personal data; EF Core's parameter values stay out because sensitive data logging is never enabled.
    /// </summary>
    public static WebApplicationBuilder AddCaseTrackerLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole();
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        return builder;
    }
}
