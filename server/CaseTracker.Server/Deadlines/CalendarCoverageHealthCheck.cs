using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Deadlines;

/// <summary>
/// Whether the working calendars still cover the days the clocks count. Beyond its last day a calendar knows
/// only the weekend, so its holidays are silently counted as working days: within <see cref="Notice"/> of
/// that day the check reports Degraded (the server still serves) and names the file to extend; after it,
/// Unhealthy (gRPC health NOT_SERVING) unless <see cref="DeadlineOptions.AllowCalendarsPastCoverage"/> says
/// the operator accepts weekend-only calendars.
/// </summary>
public sealed class CalendarCoverageHealthCheck(WorkingCalendars calendars, TimeProvider clock, IOptions<DeadlineOptions> options) : IHealthCheck
{
    public static readonly TimeSpan Notice = TimeSpan.FromDays(90);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var findings = Findings(clock.GetUtcNow().UtcDateTime);
        if (findings.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy());
        }
        var description = string.Join(" ", findings.Select(f => f.Message));
        return Task.FromResult(findings.Any(f => f.Ended) && !options.Value.AllowCalendarsPastCoverage
            ? HealthCheckResult.Unhealthy(description)
            : HealthCheckResult.Degraded(description));
    }

    /// <summary>One line per calendar that has ended or ends within <see cref="Notice"/>, as the start-up log writes it.</summary>
    public IReadOnlyList<(bool Ended, string Message)> Findings(DateTime nowUtc)
    {
        var findings = new List<(bool, string)>();
        foreach (var calendar in calendars.All.OrderBy(c => c.Party))
        {
            var today = DateOnly.FromDateTime(nowUtc + calendar.UtcOffset);
            var end = calendar.CoversTo.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (today > calendar.CoversTo)
            {
                findings.Add((true, $"The {calendar.Party} working calendar ({calendar.Version}) ended on {end}: only weekends are known since, so its holidays count as working days. Extend the calendar file and bump its version."));
            }
            else if (today.AddDays(Notice.Days) > calendar.CoversTo)
            {
                findings.Add((false, $"The {calendar.Party} working calendar ({calendar.Version}) ends on {end}, in {calendar.CoversTo.DayNumber - today.DayNumber} days: extend the calendar file and bump its version."));
            }
        }
        return findings;
    }
}
