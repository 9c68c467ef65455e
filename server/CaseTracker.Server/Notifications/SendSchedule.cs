using CaseTracker.Server.Deadlines;

namespace CaseTracker.Server.Notifications;

/// <summary>
/// When an e-mail may go, on the recipient's party's calendar: within working hours on a working day (or at the next
/// working hour), or, for a daily digest, at the digest time of the next working day; an urgent notice goes at once.
/// </summary>
public sealed class SendSchedule(NotificationOptions options)
{
    public DateTime When(BusinessCalendar calendar, DateTime utc, bool digest, bool urgent)
    {
        if (urgent || (!digest && !options.WorkingHoursOnly))
        {
            return utc;
        }
        return digest ? NextDigest(calendar, utc) : NextWorkingHour(calendar, utc);
    }

    /// <summary><paramref name="utc"/> itself within working hours; otherwise the start of the next working hours.</summary>
    public DateTime NextWorkingHour(BusinessCalendar calendar, DateTime utc)
    {
        var local = utc + calendar.UtcOffset;
        var day = DateOnly.FromDateTime(local);
        if (calendar.IsWorkingDay(day) && local.TimeOfDay >= options.WorkingHoursStart && local.TimeOfDay < options.WorkingHoursEnd)
        {
            return utc;
        }
        if (local.TimeOfDay >= options.WorkingHoursStart || !calendar.IsWorkingDay(day))
        {
            day = day.AddDays(1);
        }
        return StartOf(calendar, NextWorkingDay(calendar, day), options.WorkingHoursStart);
    }

    /// <summary>The digest time of today, if it is a working day and that time is still to come; else of the next working day.</summary>
    public DateTime NextDigest(BusinessCalendar calendar, DateTime utc)
    {
        var local = utc + calendar.UtcOffset;
        var day = DateOnly.FromDateTime(local);
        if (local.TimeOfDay >= options.DigestTime)
        {
            day = day.AddDays(1);
        }
        return StartOf(calendar, NextWorkingDay(calendar, day), options.DigestTime);
    }

    private static DateOnly NextWorkingDay(BusinessCalendar calendar, DateOnly day)
    {
        // A calendar has a weekend and holidays, never a year without a working day.
        for (var i = 0; i < 366 && !calendar.IsWorkingDay(day); i++)
        {
            day = day.AddDays(1);
        }
        return day;
    }

    private static DateTime StartOf(BusinessCalendar calendar, DateOnly day, TimeSpan time) =>
        DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue) + time - calendar.UtcOffset, DateTimeKind.Utc);
}
