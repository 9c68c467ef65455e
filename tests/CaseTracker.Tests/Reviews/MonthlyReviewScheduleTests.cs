using CaseTracker.Server.Deadlines;
using CaseTracker.Server.Reviews;
using CaseTracker.Server.Storage;
using CaseTracker.Tests.Support;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CaseTracker.Tests.Reviews;

/// <summary>The schedule creates the previous month's review on the first working day of both parties, once.</summary>
public sealed class MonthlyReviewScheduleTests : IDisposable
{
    // Sunday 1 November 2026: not a working day.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 1, 6, 0, 0, TimeSpan.Zero));
    private readonly CaseTrackerHost _host;

    public MonthlyReviewScheduleTests() => _host = CaseTrackerHost.WithClock(_clock);

    private MonthlyReviewSchedule Schedule() => new(
        _host.Services.GetRequiredService<BatchingWriter>(),
        _host.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<CaseTrackerDbContext>>(),
        _host.Services.GetRequiredService<IBackgroundJobClient>(),
        _host.Services.GetRequiredService<WorkingCalendars>(),
        _host.Services.GetRequiredService<IOptions<ReviewOptions>>(),
        _clock,
        NullLogger<MonthlyReviewSchedule>.Instance);

    private async Task<IReadOnlyList<V1.MonthlyReview>> ReviewsAsync() =>
        (await _host.ClientFor(Server.Cases.Party.RU, Server.Cases.Role.Auditor).Reviews.ListMonthlyReviewsAsync(new V1.ListMonthlyReviewsRequest())).MonthlyReviews;

    [Fact]
    public async Task Schedule_BeforeTheFirstWorkingDayOfTheMonth_CreatesNothing()
    {
        await Schedule().RunAsync(CancellationToken.None);

        Assert.Empty(await ReviewsAsync());
    }

    [Fact]
    public async Task Schedule_OnTheFirstWorkingDay_RunTwice_CreatesThePreviousMonthsReviewOnce()
    {
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero));

        await Schedule().RunAsync(CancellationToken.None);
        await Schedule().RunAsync(CancellationToken.None);

        var review = Assert.Single(await ReviewsAsync());
        Assert.Equal(("reviews/2026-10", "operations/review-2026-10-1"), (review.Name, review.Operation));
        var queued = _host.Services.GetRequiredService<JobStorage>().GetMonitoringApi().EnqueuedJobs("default", 0, 10);
        Assert.Single(queued, job => job.Value.Job.Type == typeof(BuildMonthlyReviewJob));
    }

    [Fact]
    public async Task Schedule_AfterAPersonCreatedTheReview_LeavesThatReviewAsItIs()
    {
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 3, 6, 0, 0, TimeSpan.Zero));
        var byHand = await _host.ClientFor(Server.Cases.Party.TJ, Server.Cases.Role.CoChair).Reviews
            .CreateMonthlyReviewAsync(new V1.CreateMonthlyReviewRequest { Month = "2026-10" });

        await Schedule().RunAsync(CancellationToken.None);

        Assert.Equal(byHand.Name, Assert.Single(await ReviewsAsync()).Operation);
    }

    [Fact]
    public async Task Schedule_QueuesAgainABuildWhoseOperationHasNotMovedForTenMinutes()
    {
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero));
        await Schedule().RunAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(5));
        await Schedule().RunAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(6));

        await Schedule().RunAsync(CancellationToken.None);

        var queued = _host.Services.GetRequiredService<JobStorage>().GetMonitoringApi().EnqueuedJobs("default", 0, 10)
            .Where(job => job.Value.Job.Type == typeof(BuildMonthlyReviewJob)).Select(job => job.Value.Job.Args).ToList();
        Assert.Equal(2, queued.Count);
        Assert.All(queued, args => Assert.Equal(("2026-10", 1), ((string)args[0], (int)args[1])));
        Assert.Single(await ReviewsAsync());
    }

    [Theory]
    [InlineData(2027, 1, "2027-01-11")] // Russia's New Year holidays run to 8 January; the 9th and 10th are a weekend
    [InlineData(2026, 11, "2026-11-02")] // the 1st is a Sunday
    [InlineData(2026, 12, "2026-12-01")]
    public void FirstWorkingDay_IsTheFirstDayThatIsAWorkingDayForBothParties(int year, int month, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Schedule().FirstWorkingDay(year, month));
    }

    [Fact]
    public void TheSchedule_IsARecurringJobInTheConfiguredTimeZone()
    {
        using var connection = _host.Services.GetRequiredService<JobStorage>().GetConnection();

        var recurring = Assert.Single(connection.GetRecurringJobs(), j => j.Id == MonthlyReviewSchedule.RecurringJobId);
        Assert.Equal(("0 6 * * *", "UTC"), (recurring.Cron, recurring.TimeZoneId));
    }

    public void Dispose() => _host.Dispose();
}
