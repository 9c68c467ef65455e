using CaseTracker.Server.Storage;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Notifications;

/// <summary>
/// The e-mails given up on, on the Hangfire dashboard's home page: "none" in green, or how many in red, so that a
/// delivery that keeps failing is seen by the operators and never silently dropped.
/// </summary>
public static class FailedEmailMetric
{
    private static int _registered;

    public static readonly DashboardMetric Metric = new("failed-emails", "Failed e-mails", page =>
    {
        var contexts = page.Context.GetHttpContext().RequestServices.GetRequiredService<IDbContextFactory<CaseTrackerDbContext>>();
        using var db = contexts.CreateDbContext();
        var failed = db.Notifications.Count(n => n.EmailState == EmailState.Failed);
        return failed == 0
            ? new Metric("none") { Style = MetricStyle.Success }
            : new Metric(failed) { Style = MetricStyle.Danger, Highlighted = true };
    });

    /// <summary>Hangfire keeps its dashboard metrics in static lists: add the metric once per process, whatever the number of hosts.</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            GlobalConfiguration.Configuration.UseDashboardMetric(Metric);
        }
    }
}
