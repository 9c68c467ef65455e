using System.Globalization;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Deadlines;
using Microsoft.Extensions.Options;

namespace CaseTracker.Tests.Deadlines;

/// <summary>
/// The due and warning instants of the default policy on the shipped calendars, pinned one by one: starts
/// before weekends, before and inside each party's holidays and the New Year, near local midnight in Moscow
/// (+03:00) and Dushanbe (+05:00), pauses across them, and starts past the calendars' end. Times are local
/// to the owing party; the expected values follow the README rule by hand (N working days end at local
/// midnight after the N-th working day following the start; the warning at 75 % of the working time that
/// allows, the paused time not counting).
/// </summary>
public sealed class DeadlineTimesTableTests
{
    private static readonly WorkingCalendars Shipped = WorkingCalendars.LoadFrom(Path.Combine(AppContext.BaseDirectory, "Deadlines", "Calendars"));
    private static readonly DeadlinePolicy Policy = new(Options.Create(new DeadlineOptions()), Shipped);

    public static TheoryData<string, string, string, string, string, string, string> Table => new()
    {
        // party, clock, priority, start, pause (from/to, or empty), expected due, expected warning

        // A response asked on a Tuesday evening before a weekend: due at the end of Friday, warned on Friday morning.
        { "RU", "Response", "Urgent", "2026-12-01T22:03+03:00", "", "2026-12-05T00:00+03:00", "2026-12-04T05:30:45+03:00" },
        // Ten working days over 8 March on a Sunday (Monday 9 March off by law): 84 % of the working time before the fix.
        { "RU", "Resolution", "Normal", "2026-03-02T10:00+03:00", "", "2026-03-18T00:00+03:00", "2026-03-13T08:30+03:00" },
        // Three working days from a Thursday over the weekend: 61 % before the fix.
        { "RU", "Resolution", "Urgent", "2026-03-12T10:00+03:00", "", "2026-03-18T00:00+03:00", "2026-03-17T02:30+03:00" },
        // Before Eid al-Fitr and Navruz, two of whose days fall on the weekend and move to 25 and 26 March.
        { "TJ", "Intake", "Urgent", "2026-03-19T10:00+05:00", "", "2026-03-28T00:00+05:00", "2026-03-27T14:30+05:00" },
        // Inside Navruz (Saturday 21 March): the count starts on Friday 27 March, after the two moved days.
        { "TJ", "Intake", "Normal", "2026-03-21T12:00+05:00", "", "2026-04-01T00:00+05:00", "2026-03-31T06:00+05:00" },
        // Inside a Russian holiday (Monday 23 February): the holiday's remaining hours do not count.
        { "RU", "Response", "Urgent", "2026-02-23T15:00+03:00", "", "2026-02-27T00:00+03:00", "2026-02-26T06:00+03:00" },
        // Half an hour before the New Year in Dushanbe: 1 January, then the weekend.
        { "TJ", "Intake", "Urgent", "2026-12-31T23:30+05:00", "", "2027-01-05T00:00+05:00", "2027-01-04T17:52:30+05:00" },
        // Inside the Russian New Year holidays: the clock counts from Monday 11 January.
        { "RU", "Intake", "Normal", "2027-01-02T12:00+03:00", "", "2027-01-14T00:00+03:00", "2027-01-13T06:00+03:00" },
        // Before the New Year: 31 December, then nothing until 11 January.
        { "RU", "Response", "Normal", "2026-12-30T18:00+03:00", "", "2027-01-22T00:00+03:00", "2027-01-19T10:30+03:00" },
        // Thirty seconds before midnight on a Friday in Moscow, and thirty seconds after it (Saturday).
        { "RU", "Intake", "Urgent", "2026-03-13T23:59:30+03:00", "", "2026-03-17T00:00+03:00", "2026-03-16T17:59:52.5+03:00" },
        { "RU", "Intake", "Urgent", "2026-03-14T00:00:30+03:00", "", "2026-03-17T00:00+03:00", "2026-03-16T18:00+03:00" },
        // 19:30 UTC on Thursday 12 March: already Friday in Dushanbe, still Thursday in Moscow.
        { "TJ", "Intake", "Urgent", "2026-03-13T00:30+05:00", "", "2026-03-17T00:00+05:00", "2026-03-16T12:07:30+05:00" },
        { "RU", "Intake", "Urgent", "2026-03-12T22:30+03:00", "", "2026-03-14T00:00+03:00", "2026-03-13T17:37:30+03:00" },
        // Before Constitution Day (Friday 6 November) and the weekend in Tajikistan.
        { "TJ", "Resolution", "Urgent", "2026-11-05T16:00+05:00", "", "2026-11-12T00:00+05:00", "2026-11-11T04:00+05:00" },
        // Running past the end of the calendar (31 December 2027): only weekends are known in January 2028.
        { "RU", "Response", "Normal", "2027-12-24T10:00+03:00", "", "2028-01-08T00:00+03:00", "2028-01-05T08:30+03:00" },
        { "RU", "Intake", "Normal", "2028-01-03T10:00+03:00", "", "2028-01-07T00:00+03:00", "2028-01-06T02:30+03:00" },
        // Paused from Friday 18:00 to Monday 12:00: 18 working hours move both instants.
        { "RU", "Resolution", "Urgent", "2026-03-12T10:00+03:00", "2026-03-13T18:00+03:00/2026-03-16T12:00+03:00", "2026-03-18T18:00+03:00", "2026-03-17T20:30+03:00" },
        // Paused across the New Year: 45 working hours (12 on 30 December, 24 on the 31st, 9 on 11 January).
        { "RU", "Intake", "Normal", "2026-12-29T10:00+03:00", "2026-12-30T12:00+03:00/2027-01-11T09:00+03:00", "2027-01-13T21:00+03:00", "2027-01-12T23:30+03:00" },
        // Paused across Eid and Navruz in Dushanbe: only 12 working hours (Thursday 19 March afternoon).
        { "TJ", "Resolution", "Urgent", "2026-03-18T10:00+05:00", "2026-03-19T12:00+05:00/2026-03-25T12:00+05:00", "2026-03-31T12:00+05:00", "2026-03-30T14:30+05:00" },
        // Paused over Victory Day on a Saturday (Monday 11 May off): 12 hours on Friday, 12 on Tuesday.
        { "TJ", "Resolution", "Urgent", "2026-05-08T10:00+05:00", "2026-05-08T12:00+05:00/2026-05-12T12:00+05:00", "2026-05-16T00:00+05:00", "2026-05-15T02:30+05:00" },
        // Calendar-day clocks: 75 % of the calendar time, moved off a weekend or holiday to the next working day,
        // or, when that comes only after the due time, back to the end of the last working day.
        { "RU", "Investigation", "Urgent", "2026-12-02T10:00+03:00", "", "2026-12-07T10:00+03:00", "2026-12-07T00:00+03:00" },
        { "RU", "Investigation", "Urgent", "2026-12-01T10:00+03:00", "", "2026-12-06T10:00+03:00", "2026-12-05T00:00+03:00" },
        { "RU", "Investigation", "Urgent", "2026-11-30T10:00+03:00", "", "2026-12-05T10:00+03:00", "2026-12-04T04:00+03:00" },
        { "TJ", "Investigation", "Normal", "2026-03-02T10:00+05:00", "", "2026-04-01T10:00+05:00", "2026-03-27T00:00+05:00" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void DueAndWarningTimes_AreExactlyAsTheReadmeRuleSays(string party, string clock, string priority, string start, string pause, string due, string warn)
    {
        var deadline = ClockOf(party, clock, priority, start);
        if (pause.Length > 0)
        {
            var (from, to) = (Instant(pause.Split('/')[0]), Instant(pause.Split('/')[1]));
            deadline.Pause(Party.RU, from);
            deadline.Resume(to, Policy);
        }

        Assert.Equal((Instant(due), Instant(warn)), (deadline.DueTime, deadline.WarnTime));
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Warning_FallsInWorkingTimeAfterTheLastResumeAndBeforeTheDueTime(string party, string clock, string priority, string start, string pause, string due, string warn)
    {
        var deadline = ClockOf(party, clock, priority, start);
        var resumed = Instant(start);
        if (pause.Length > 0)
        {
            (var from, resumed) = (Instant(pause.Split('/')[0]), Instant(pause.Split('/')[1]));
            deadline.Pause(Party.RU, from);
            deadline.Resume(resumed, Policy);
        }
        var calendar = Shipped.For(Enum.Parse<Party>(party));
        // Within a working day, or at the midnight that ends one.
        var localDay = DateOnly.FromDateTime(deadline.WarnTime + calendar.UtcOffset);
        var dayBefore = DateOnly.FromDateTime(deadline.WarnTime.AddTicks(-1) + calendar.UtcOffset);

        Assert.True(calendar.IsWorkingDay(localDay) || calendar.IsWorkingDay(dayBefore), $"warning on {localDay} ({due}, {warn})");
        Assert.InRange(deadline.WarnTime, resumed, deadline.DueTime);
    }

    [Fact]
    public void ClockDuePastTheCalendarsEnd_SaysSoInItsCalendarVersion()
    {
        var beyond = ClockOf("RU", "Response", "Normal", "2027-12-24T10:00+03:00");
        var within = ClockOf("RU", "Intake", "Normal", "2027-12-24T10:00+03:00");

        Assert.Equal("RU-2025-2027.2 (weekends only after 2027-12-31); 10 WorkingDays", beyond.CalendarVersion);
        Assert.Equal("RU-2025-2027.2; 3 WorkingDays", within.CalendarVersion);
    }

    private static Deadline ClockOf(string party, string clock, string priority, string start)
    {
        var (kind, stage) = clock == "Response" ? (ClockKind.Response, Stage.Intake) : (ClockKind.Stage, Enum.Parse<Stage>(clock));
        var (owing, level, from) = (Enum.Parse<Party>(party), Enum.Parse<Priority>(priority), Instant(start));
        return new Deadline("tf-2026-000001", 1, kind, stage, owing, level, from, Policy.Compute(kind, stage, level, owing, from, TimeSpan.Zero));
    }

    private static DateTime Instant(string local) => DateTimeOffset.Parse(local, CultureInfo.InvariantCulture).UtcDateTime;
}
