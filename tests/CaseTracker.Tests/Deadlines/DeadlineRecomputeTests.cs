using System.Globalization;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Deadlines;
using Microsoft.Extensions.Options;

namespace CaseTracker.Tests.Deadlines;

/// <summary>
/// What a recompute does to a clock that already warned or breached, to one that becomes due at once, and
/// when level 2 comes: the rules the README's Deadlines section writes down.
/// </summary>
public sealed class DeadlineRecomputeTests
{
    private static readonly WorkingCalendars Shipped = WorkingCalendars.LoadFrom(Path.Combine(AppContext.BaseDirectory, "Deadlines", "Calendars"));

    private static DeadlinePolicy PolicyWith(Action<DeadlineOptions>? change = null)
    {
        var options = new DeadlineOptions();
        change?.Invoke(options);
        return new DeadlinePolicy(Options.Create(options), Shipped);
    }

    private static DateTime Instant(string local) => DateTimeOffset.Parse(local, CultureInfo.InvariantCulture).UtcDateTime;

    private static Deadline ResolutionClock(DeadlinePolicy policy, Priority priority, string start) =>
        new("tf-2026-000001", 1, ClockKind.Stage, Stage.Resolution, Party.RU, priority, Instant(start),
            policy.Compute(ClockKind.Stage, Stage.Resolution, priority, Party.RU, Instant(start), TimeSpan.Zero));

    [Fact]
    public void BreachedClock_RecomputedWithADueTimeAhead_RunsAgainAndWarnsAndBreachesWhenTheNewTimesCome()
    {
        var policy = PolicyWith();
        // Urgent from Monday 2 November 2026: due at the end of Friday 6 November (4 November a holiday), Moscow time.
        var clock = ResolutionClock(policy, Priority.Urgent, "2026-11-02T10:00+03:00");
        var breach = Instant("2026-11-09T10:00+03:00");
        Assert.Equal(DeadlineStep.EscalatedToSupervisors, clock.Advance(breach, policy));
        Assert.Equal(DeadlineState.EscalatedLevel1, clock.State);

        clock.Recompute(Priority.Normal, breach, policy);

        Assert.Equal((DeadlineState.Running, 0, (DateTime?)null), (clock.State, clock.EscalationLevel, clock.BreachedAt));
        Assert.Equal((Instant("2026-11-18T00:00+03:00"), Instant("2026-11-13T08:30+03:00")), (clock.DueTime, clock.WarnTime));
        Assert.Equal(clock.WarnTime, clock.NextActionTime);
        Assert.Null(clock.Advance(breach.AddHours(1), policy));
        Assert.Equal(DeadlineStep.Warned, clock.Advance(clock.WarnTime, policy));
        Assert.Equal(DeadlineStep.EscalatedToSupervisors, clock.Advance(clock.DueTime, policy));
    }

    [Fact]
    public void WarnedClock_RecomputedWithAWarningAhead_RunsAgain()
    {
        var policy = PolicyWith();
        var clock = ResolutionClock(policy, Priority.Urgent, "2026-11-02T10:00+03:00");
        var warned = clock.WarnTime;
        Assert.Equal(DeadlineStep.Warned, clock.Advance(warned, policy));

        clock.Recompute(Priority.Normal, warned, policy);

        Assert.Equal((DeadlineState.Running, (DateTime?)null), (clock.State, clock.WarnedAt));
    }

    [Fact]
    public void ClockMadeDueAtOnce_IsBreachedByTheNextScanWithoutABelatedWarning()
    {
        var policy = PolicyWith();
        // Normal from Monday 2 November 2026; made urgent on Monday 9 November, past the urgent due time.
        var clock = ResolutionClock(policy, Priority.Normal, "2026-11-02T10:00+03:00");
        var late = Instant("2026-11-09T10:00+03:00");

        clock.Recompute(Priority.Urgent, late, policy);

        Assert.Equal((DeadlineState.Running, Instant("2026-11-07T00:00+03:00")), (clock.State, clock.DueTime));
        Assert.True(clock.NextActionTime <= late);
        Assert.Equal(DeadlineStep.EscalatedToSupervisors, clock.Advance(late, policy));
        Assert.Null(clock.WarnedAt);
    }

    [Fact]
    public void LevelTwo_OfAWorkingDayClock_ComesAfterTheOwingPartysWorkingTimeNotOnAWeekend()
    {
        var policy = PolicyWith();
        // Urgent from Tuesday 1 December 2026: due at the end of Friday 4 December, Moscow time.
        var clock = ResolutionClock(policy, Priority.Urgent, "2026-12-01T10:00+03:00");
        clock.Advance(clock.DueTime, policy);

        Assert.Null(clock.Advance(Instant("2026-12-06T23:59+03:00"), policy)); // two calendar days: the weekend
        Assert.Equal(Instant("2026-12-09T00:00+03:00"), clock.NextActionTime); // Monday and Tuesday worked
        Assert.Equal(DeadlineStep.EscalatedToCoChairs, clock.Advance(Instant("2026-12-09T00:00+03:00"), policy));
    }

    [Fact]
    public void LevelTwo_OfAnElapsedTimeClock_ComesAfterElapsedTime()
    {
        var policy = PolicyWith(o => o.Resolution.Urgent = new DurationPolicy { Amount = 2, Unit = DurationUnit.Minutes });
        // Saturday 5 December 2026: elapsed-time clocks run on weekends too.
        var clock = ResolutionClock(policy, Priority.Urgent, "2026-12-05T10:00+03:00");
        clock.Advance(clock.DueTime, policy);

        Assert.Equal(clock.DueTime + policy.Options.CoChairEscalationAfter, clock.NextActionTime);
    }
}
