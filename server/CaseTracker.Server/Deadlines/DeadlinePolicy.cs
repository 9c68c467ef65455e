using CaseTracker.Server.Cases;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Deadlines;

/// <summary>Turns the configured policy and the parties' calendars into due times.</summary>
public sealed class DeadlinePolicy(IOptions<DeadlineOptions> options, WorkingCalendars calendars)
{
    public DeadlineOptions Options => options.Value;

    public TimeSpan CoChairEscalationAfter => options.Value.CoChairEscalationAfter;

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
    public DeadlineComputation Compute(ClockKind kind, Stage stage, Priority priority, Party owingParty, DateTime start, TimeSpan paused)
    {
        var duration = DurationOf(kind, stage, priority);
        var calendar = calendars.For(owingParty);
        var unit = $"{duration.Amount} {duration.Unit}";
        DateTime due;
        string version;
        if (duration.Unit == DurationUnit.WorkingDays)
        {
            due = calendar.AddWorkingTime(calendar.AddWorkingDays(start, duration.Amount), paused);
            version = $"{calendar.Version}; {unit}";
        }
        else
        {
            due = start + paused + duration.Unit switch
            {
                DurationUnit.CalendarDays => TimeSpan.FromDays(duration.Amount),
                DurationUnit.Hours => TimeSpan.FromHours(duration.Amount),
                _ => TimeSpan.FromMinutes(duration.Amount),
            };
            version = $"elapsed; {unit}";
        }
        var warn = start + paused + (due - start - paused) * options.Value.WarningFraction;
        return new DeadlineComputation(Truncate(due), Truncate(warn), version);
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

    private static DateTime Truncate(DateTime utc) =>
        new(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMicrosecond), DateTimeKind.Utc);
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
