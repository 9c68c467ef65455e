using Hangfire;
using Hangfire.Dashboard;

namespace CaseTracker.Server.Deadlines;

/// <summary>
/// The calendars' coverage on the Hangfire dashboard's home page: "covered" while no calendar ends within
/// 90 days, otherwise what the health check says, as a warning (ends soon) or in red (ended).
/// </summary>
public static class CalendarCoverageMetric
{
    private static int _registered;

    public static readonly DashboardMetric Metric = new("calendar-coverage", "Working calendars", page =>
    {
        var check = page.Context.GetHttpContext().RequestServices.GetRequiredService<CalendarCoverageHealthCheck>();
        var clock = page.Context.GetHttpContext().RequestServices.GetRequiredService<TimeProvider>();
        var findings = check.Findings(clock.GetUtcNow().UtcDateTime);
        return findings.Count == 0
            ? new Metric("covered") { Style = MetricStyle.Success }
            : new Metric(string.Join(" ", findings.Select(f => f.Message)))
            {
                Style = findings.Any(f => f.Ended) ? MetricStyle.Danger : MetricStyle.Warning,
                Highlighted = true,
            };
    });

    /// <summary>Hangfire keeps its dashboard metrics in static lists: add the metric once per process, whatever the number of hosts.</summary>
    public static IGlobalConfiguration UseCalendarCoverageMetric(this IGlobalConfiguration configuration) =>
        Interlocked.Exchange(ref _registered, 1) == 0 ? configuration.UseDashboardMetric(Metric) : configuration;
}
