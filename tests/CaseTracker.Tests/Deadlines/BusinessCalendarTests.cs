using CaseTracker.Server.Cases;
using CaseTracker.Server.Deadlines;

namespace CaseTracker.Tests.Deadlines;

/// <summary>Working-day arithmetic on the shipped calendars: weekends, each side's holidays, time zones.</summary>
public sealed class BusinessCalendarTests
{
    private static readonly WorkingCalendars Shipped = WorkingCalendars.LoadFrom(Path.Combine(AppContext.BaseDirectory, "Deadlines", "Calendars"));
    private static readonly BusinessCalendar Russia = Shipped.For(Party.RU);
    private static readonly BusinessCalendar Tajikistan = Shipped.For(Party.TJ);

    private static DateTime Utc(string iso) => DateTime.SpecifyKind(DateTime.Parse(iso, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal), DateTimeKind.Utc);

    [Fact]
    public void ShippedCalendars_CoverBothPartiesFrom2025To2027WithVersionsAndTimeZones()
    {
        Assert.Equal((TimeSpan.FromHours(3), new DateOnly(2025, 1, 1), new DateOnly(2027, 12, 31)), (Russia.UtcOffset, Russia.CoversFrom, Russia.CoversTo));
        Assert.Equal((TimeSpan.FromHours(5), new DateOnly(2025, 1, 1), new DateOnly(2027, 12, 31)), (Tajikistan.UtcOffset, Tajikistan.CoversFrom, Tajikistan.CoversTo));
        Assert.NotEqual(Russia.Version, Tajikistan.Version);
    }

    [Fact]
    public void AddWorkingDays_FromFriday_SkipsTheWeekendAndEndsAtLocalMidnight()
    {
        // Friday 13 March 2026, 10:00 in Moscow; three working days are Mon 16, Tue 17, Wed 18.
        var due = Russia.AddWorkingDays(Utc("2026-03-13T07:00:00Z"), 3);

        Assert.Equal(Utc("2026-03-18T21:00:00Z"), due); // Thursday 19 March, 00:00 Moscow
    }

    [Fact]
    public void AddWorkingDays_OverAHolidayOfOneSideOnly_DiffersBetweenTheParties()
    {
        // Monday 23 February 2026 is a Russian holiday, a working day in Tajikistan.
        var friday = Utc("2026-02-20T08:00:00Z");

        Assert.Equal(Utc("2026-02-24T21:00:00Z"), Russia.AddWorkingDays(friday, 1));      // Wednesday 25, 00:00 Moscow
        Assert.Equal(Utc("2026-02-23T19:00:00Z"), Tajikistan.AddWorkingDays(friday, 1));  // Tuesday 24, 00:00 Dushanbe
    }

    [Fact]
    public void AddWorkingDays_OverEidAndNavruz_SkipsEveryTajikHoliday()
    {
        // Thursday 19 March 2026: Eid al-Fitr on Friday 20, the weekend, Navruz until Tuesday 24, and the two
        // Navruz days that fell on the weekend moved by law to Wednesday 25 and Thursday 26.
        var due = Tajikistan.AddWorkingDays(Utc("2026-03-19T05:00:00Z"), 1);

        Assert.Equal(Utc("2026-03-27T19:00:00Z"), due); // Saturday 28, 00:00 Dushanbe
    }

    [Fact]
    public void AddWorkingDays_AcrossTheYearBoundary_SkipsTheNewYearHolidays()
    {
        // Wednesday 30 December 2026: Thursday 31 is a working day, 1-8 January are holidays, 9-10 a weekend.
        var due = Russia.AddWorkingDays(Utc("2026-12-30T09:00:00Z"), 2);

        Assert.Equal(Utc("2027-01-11T21:00:00Z"), due); // Tuesday 12 January 2027, 00:00 Moscow
    }

    [Fact]
    public void AddWorkingDays_CountsFromTheLocalDayOfEachParty()
    {
        // 19:30 UTC on Thursday 12 March 2026 is still Thursday in Moscow but already Friday in Dushanbe.
        var start = Utc("2026-03-12T19:30:00Z");

        Assert.Equal(Utc("2026-03-13T21:00:00Z"), Russia.AddWorkingDays(start, 1));     // end of Friday 13, Moscow
        Assert.Equal(Utc("2026-03-16T19:00:00Z"), Tajikistan.AddWorkingDays(start, 1)); // end of Monday 16, Dushanbe
    }

    [Fact]
    public void WorkingTimeBetween_OverAWeekend_CountsOnlyWorkingDays()
    {
        // Friday 12:00 to Monday 12:00, Moscow time.
        var paused = Russia.WorkingTimeBetween(Utc("2026-03-13T09:00:00Z"), Utc("2026-03-16T09:00:00Z"));

        Assert.Equal(TimeSpan.FromHours(24), paused);
    }

    [Fact]
    public void AddWorkingTime_PastTheEndOfFriday_ContinuesOnMonday()
    {
        // Friday 18:00 Moscow plus 12 working hours: 6 on Friday, 6 on Monday.
        var end = Russia.AddWorkingTime(Utc("2026-03-13T15:00:00Z"), TimeSpan.FromHours(12));

        Assert.Equal(Utc("2026-03-16T03:00:00Z"), end); // Monday 06:00 Moscow
    }

    [Theory]
    [InlineData("RU", "2026-03-09")] // 8 March on a Sunday (art. 112 part 2)
    [InlineData("RU", "2026-05-11")] // 9 May on a Saturday
    [InlineData("RU", "2025-05-08")] // 23 February 2025 on a Sunday, its day off placed on 8 May by decree
    [InlineData("TJ", "2026-03-25")] // Navruz 21 March on a Saturday
    [InlineData("TJ", "2026-06-29")] // National Unity Day on a Saturday
    public void HolidayOnAWeekend_GivesTheNextWorkingDayOffByLaw(string party, string day)
    {
        Assert.False(Shipped.For(Enum.Parse<Party>(party)).IsWorkingDay(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void EveryHolidayOnAWeekend_HasItsTransferInTheShippedFiles()
    {
        foreach (var calendar in Shipped.All)
        {
            var file = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Deadlines", "Calendars", $"{calendar.Party.ToString().ToLowerInvariant()}.json"))).RootElement;
            var holidays = file.GetProperty("holidays").EnumerateArray().Select(d => DateOnly.Parse(d.GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            var onWeekend = holidays.Count(d => d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday
                && !(calendar.Party == Party.RU && d.Month == 1 && d.Day <= 8)); // RU: the New Year days move by decree
            Assert.Equal(onWeekend, file.GetProperty("transfers").EnumerateObject().Count());
            Assert.All(file.GetProperty("transfers").EnumerateObject(), t => Assert.False(calendar.IsWorkingDay(DateOnly.Parse(t.Name, System.Globalization.CultureInfo.InvariantCulture))));
        }
    }

    [Fact]
    public void WeekendOnlyBeyondTheCoveredYears_StillSkipsWeekends()
    {
        // Friday 4 January 2030 is past the files' coverage: only the weekend is known there.
        Assert.Equal(Utc("2030-01-07T21:00:00Z"), Russia.AddWorkingDays(Utc("2030-01-04T09:00:00Z"), 1));
    }
}
