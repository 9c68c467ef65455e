using System.Diagnostics.Metrics;
using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Notifications;

/// <summary>
/// The e-mails waiting to be sent (<c>casetracker.notifications.pending</c>), counted in the record each time the
/// metrics are read (a Prometheus scrape, an OTLP export). Its meter comes from the host's factory, so it ends with the host.
/// </summary>
public sealed class PendingNotificationsMetric
{
    public PendingNotificationsMetric(IMeterFactory meters, IDbContextFactory<CaseTrackerDbContext> contexts)
    {
        var meter = meters.Create("CaseTracker.Notifications");
        meter.CreateObservableGauge("casetracker.notifications.pending", () =>
        {
            using var db = contexts.CreateDbContext();
            return db.Notifications.Count(n => n.EmailState == EmailState.Pending);
        }, "{notification}", "E-mails of notifications waiting to be sent.");
    }
}
