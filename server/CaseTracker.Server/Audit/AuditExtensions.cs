namespace CaseTracker.Server.Audit;

public static class AuditExtensions
{
    /// <summary>The event log's readers: pages of events, the live change feed and signed checkpoints.</summary>
    public static WebApplicationBuilder AddCaseTrackerAudit(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CaseEventQueries>();
        builder.Services.AddSingleton<CaseEventFeed>();
        builder.Services.AddSingleton<LogCheckpoints>();
        return builder;
    }
}
