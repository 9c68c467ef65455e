using CaseTracker.Server.Cases;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Deadlines;

/// <summary>Turns the configured policy and the parties' calendars into due times.</summary>
public sealed class DeadlinePolicy(IOptions<DeadlineOptions> options, WorkingCalendars calendars)
{
    public DeadlineOptions Options => options.Value;

    /// <summary>
    /// When a breached clock goes to the co-chairs (level 2): <see cref="DeadlineOptions.CoChairEscalationAfter"/>
    /// after its due time, measured as the clock measures time. For a working-day clock that is working time
    /// on the owing party's calendar, so the supervisors get their two working days to act and the co-chairs
    /// are never told on a weekend or holiday; an elapsed-time clock counts elapsed time.
    /// </summary>
    public DateTime CoChairTime(Deadline clock)
    {
        var after = options.Value.CoChairEscalationAfter;
        return DurationOf(clock.Kind, clock.Stage, clock.Priority).Unit == DurationUnit.WorkingDays
            ? Storage.StoredTime.ToMicrosecond(calendars.For(clock.OwingParty).AddWorkingTime(clock.DueTime, after))
            : clock.DueTime + after;
    }

    /// <summary>The parties that owe the stage's action on this case.</summary>
    public IReadOnlyList<Party> OwnersOf(Stage stage, Party filingParty) => StagePolicyOf(stage).Owner switch
    {
        ClockOwner.FilingParty => [filingParty],
        ClockOwner.OtherParty => [filingParty == Party.RU ? Party.TJ : Party.RU],
        _ => [Party.RU, Party.TJ],
    };

    /// <summary>
    /// The due time of a clock started at <paramref name="start"/> that has been paused for
    /// <paramref name="paused"/> (measured as the clock measures time), and its warning time.
    /// </summary>
    /// <remarks>
    /// A working-day clock is due at local midnight after the N-th working day following the start, plus the
    /// paused working time on the owing party's calendar (none added, no move). It warns once
    /// <see cref="DeadlineOptions.WarningFraction"/> of the working time it allows (start to due) has run, the
    /// paused time not counting: always on a working day, and after any resume, since the paused time is
    /// added before the warning point is found. An elapsed-time clock warns at that share of its duration
    /// after start and pauses, moved to the start of the owing party's next working day when it falls on a
    /// weekend or holiday and that day still comes before the due time, else back to the end of the last
    /// working day before it (not before the start and pauses), else left where it is: no working time.
    /// </remarks>
    public DeadlineComputation Compute(ClockKind kind, Stage stage, Priority priority, Party owingParty, DateTime start, TimeSpan paused)
    {
        var duration = DurationOf(kind, stage, priority);
        var calendar = calendars.For(owingParty);
        var computation = duration.Unit == DurationUnit.WorkingDays
            ? InWorkingDays(calendar, duration, start, paused)
            : InElapsedTime(calendar, duration, start, paused);
        return computation with { DueTime = Storage.StoredTime.ToMicrosecond(computation.DueTime), WarnTime = Storage.StoredTime.ToMicrosecond(computation.WarnTime) };
    }

    private DeadlineComputation InWorkingDays(BusinessCalendar calendar, DurationPolicy duration, DateTime start, TimeSpan paused)
    {
        var unpausedDue = calendar.AddWorkingDays(start, duration.Amount);
        var due = calendar.AddWorkingTime(unpausedDue, paused);
        var allowed = calendar.WorkingTimeBetween(start, unpausedDue);
        var warn = calendar.AddWorkingTime(start, allowed * options.Value.WarningFraction + paused);
        var coverage = calendar.IsBeyondCoverage(due) ? $" (weekends only after {calendar.CoversTo:yyyy-MM-dd})" : string.Empty;
        return new DeadlineComputation(due, warn, $"{calendar.Version}{coverage}; {duration.Amount} {duration.Unit}");
    }

    private DeadlineComputation InElapsedTime(BusinessCalendar calendar, DurationPolicy duration, DateTime start, TimeSpan paused)
    {
        var allowed = duration.Unit switch
        {
            DurationUnit.CalendarDays => TimeSpan.FromDays(duration.Amount),
            DurationUnit.Hours => TimeSpan.FromHours(duration.Amount),
            _ => TimeSpan.FromMinutes(duration.Amount),
        };
        var running = start + paused;
        var due = running + allowed;
        var share = running + allowed * options.Value.WarningFraction;
        var next = calendar.NextWorkingInstant(share);
        var previous = calendar.PreviousWorkingInstant(share);
        var warn = next < due ? next : previous > running ? previous : share;
        return new DeadlineComputation(due, warn, $"elapsed; {duration.Amount} {duration.Unit}");
    }

    /// <summary>How long a clock was paused, in its own measure: working time for working-day clocks.</summary>
    public TimeSpan PausedTime(Deadline clock, DateTime from, DateTime to) =>
        DurationOf(clock.Kind, clock.Stage, clock.Priority).Unit == DurationUnit.WorkingDays
            ? calendars.For(clock.OwingParty).WorkingTimeBetween(from, to)
            : to - from;

    private DurationPolicy DurationOf(ClockKind kind, Stage stage, Priority priority)
    {
        var policy = kind == ClockKind.Response ? options.Value.Response : StagePolicyOf(stage);
        return priority == Priority.Urgent ? policy.Urgent : policy.Normal;
    }

    private StagePolicy StagePolicyOf(Stage stage) => stage switch
    {
        Stage.Intake => options.Value.Intake,
        Stage.Investigation => options.Value.Investigation,
        Stage.Resolution => options.Value.Resolution,
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "A closed case has no stage clock."),
    };
}

/// <summary>The two parties' calendars, loaded from the calendar files at start.</summary>
public sealed class WorkingCalendars
{
    private readonly Dictionary<Party, BusinessCalendar> _byParty;

    public WorkingCalendars(IEnumerable<BusinessCalendar> calendars)
    {
        _byParty = calendars.ToDictionary(c => c.Party);
        foreach (var party in Enum.GetValues<Party>().Where(p => !_byParty.ContainsKey(p)))
        {
            throw new InvalidDataException($"No working calendar for {party}: add a calendar file for it.");
        }
    }

    public BusinessCalendar For(Party party) => _byParty[party];

    public IReadOnlyCollection<BusinessCalendar> All => _byParty.Values;

    public static WorkingCalendars LoadFrom(string directory) =>
        new(Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal).Select(BusinessCalendar.Load));
}
