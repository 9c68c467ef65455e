using CaseTracker.Server.Cases;
using CaseTracker.Server.Deadlines;
using CaseTracker.Server.Storage;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Reviews;

/// <summary>
/// The recurring job that creates the previous month's review on the first working day of each month — the
/// first day that is a working day for both parties — or on any later day it finds the review missing (the
/// server was down, the build failed). Creating a month that has a review does nothing, so running it twice,
/// or on two nodes, or after a person already created the review, gives the same one review. It also queues
/// again a build whose process died before it finished.
/// </summary>
public sealed class MonthlyReviewSchedule(
    BatchingWriter writer,
    IDbContextFactory<CaseTrackerDbContext> contexts,
    IBackgroundJobClient jobs,
    WorkingCalendars calendars,
    IOptions<ReviewOptions> options,
    TimeProvider clock,
    ILogger<MonthlyReviewSchedule> logger)
{
    public const string RecurringJobId = "create-monthly-review";

    /// <summary>The server's own identity when it creates a review on schedule.</summary>
    public static readonly Actor Scheduler = new("casetracker.review-schedule", default, default);

    /// <summary>A build whose operation has not moved for this long is taken to be lost (its process died) and queued again.</summary>
    public static readonly TimeSpan StalledAfter = TimeSpan.FromMinutes(10);

    [AutomaticRetry(Attempts = 0)] // it runs again the next day anyway
    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var zone = options.Value.Zone();
        var now = clock.GetUtcNow().UtcDateTime;
        await RequeueStalledBuildsAsync(now, cancellationToken);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, zone));
        if (today < FirstWorkingDay(today.Year, today.Month))
        {
            return;
        }
        var month = ReviewMonth.Previous(now, zone);
        var (review, _, started) = await writer.WriteAsync(session => MonthlyReviews.StartAsync(session, month, Scheduler), cancellationToken);
        if (started)
        {
            BuildMonthlyReviewJob.Enqueue(jobs, review.Month, review.Attempt);
            logger.LogInformation("Scheduled the monthly review of {Month}", review.Month);
        }
    }

    private async Task RequeueStalledBuildsAsync(DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stalled = await db.MonthlyReviews.AsNoTracking()
            .Where(r => r.State == ReviewState.Creating)
            .Join(db.Operations, r => r.OperationName, o => o.Name, (r, o) => new { r.Month, r.Attempt, o.UpdateTime })
            .Where(r => r.UpdateTime < now - StalledAfter)
            .ToListAsync(cancellationToken);
        foreach (var build in stalled)
        {
            BuildMonthlyReviewJob.Enqueue(jobs, build.Month, build.Attempt);
            logger.LogWarning("The build of the monthly review {Month} (attempt {Attempt}) had stalled; queued it again", build.Month, build.Attempt);
        }
    }

    /// <summary>The first day of the month that is a working day in both parties' calendars.</summary>
    public DateOnly FirstWorkingDay(int year, int month)
    {
        var day = new DateOnly(year, month, 1);
        while (!Enum.GetValues<Party>().All(party => calendars.For(party).IsWorkingDay(day)))
        {
            day = day.AddDays(1);
        }
        return day;
    }
}
