using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CaseTracker.Server.Cases;

namespace CaseTracker.Server.Deadlines;

/// <summary>
/// One party's working calendar: its weekend, its public holidays and its time zone. A working day is a
/// whole local day; "N working days" ends at local midnight after the N-th working day following the start.
/// </summary>
/// <remarks>
/// Outside the dates the file covers only the weekend is known, so only the weekend is skipped there; a clock
/// whose due time lies beyond says so in its calendar version. The file's <c>transfers</c> are days off too:
/// the ones the law moves from a holiday that falls on a weekend.
/// </remarks>
public sealed class BusinessCalendar
{
    private readonly HashSet<DayOfWeek> _weekend;
    private readonly HashSet<DateOnly> _holidays;

    public BusinessCalendar(Party party, string version, TimeSpan utcOffset, IEnumerable<DayOfWeek> weekend,
        IEnumerable<DateOnly> holidays, DateOnly coversFrom, DateOnly coversTo)
    {
        Party = party;
        Version = version;
        UtcOffset = utcOffset;
        _weekend = [.. weekend];
        _holidays = [.. holidays];
        CoversFrom = coversFrom;
        CoversTo = coversTo;
    }

    public Party Party { get; }

    /// <summary>Recorded on every deadline computed with this calendar.</summary>
    public string Version { get; }

    public TimeSpan UtcOffset { get; }

    public DateOnly CoversFrom { get; }

    public DateOnly CoversTo { get; }

    public bool IsWorkingDay(DateOnly day) => !_weekend.Contains(day.DayOfWeek) && !_holidays.Contains(day);

    /// <summary>Local midnight at the end of the <paramref name="days"/>-th working day after the day of <paramref name="startUtc"/>.</summary>
    public DateTime AddWorkingDays(DateTime startUtc, int days)
    {
        var day = LocalDay(startUtc);
        for (var counted = 0; counted < days;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                counted++;
            }
        }
        return StartOfLocalDay(day.AddDays(1));
    }

    /// <summary>How much of [<paramref name="fromUtc"/>, <paramref name="toUtc"/>) falls on working days.</summary>
    public TimeSpan WorkingTimeBetween(DateTime fromUtc, DateTime toUtc)
    {
        var total = TimeSpan.Zero;
        var cursor = fromUtc;
        while (cursor < toUtc)
        {
            var day = LocalDay(cursor);
            var endOfDay = StartOfLocalDay(day.AddDays(1));
            var until = endOfDay < toUtc ? endOfDay : toUtc;
            if (IsWorkingDay(day))
            {
                total += until - cursor;
            }
            cursor = until;
        }
        return total;
    }

    /// <summary>
    /// The instant <paramref name="amount"/> of working time after <paramref name="fromUtc"/>. No time is no
    /// move: a zero amount from the midnight that ends a working day stays there, off a weekend or holiday.
    /// An amount that ends exactly with a working day ends at its midnight.
    /// </summary>
    public DateTime AddWorkingTime(DateTime fromUtc, TimeSpan amount)
    {
        if (amount <= TimeSpan.Zero)
        {
            return fromUtc;
        }
        var cursor = fromUtc;
        while (true)
        {
            var day = LocalDay(cursor);
            var endOfDay = StartOfLocalDay(day.AddDays(1));
            if (IsWorkingDay(day))
            {
                var available = endOfDay - cursor;
                if (amount <= available)
                {
                    return cursor + amount;
                }
                amount -= available;
            }
            cursor = endOfDay;
        }
    }

    /// <summary><paramref name="utc"/> itself when it falls on a working day, else the start of the next working day.</summary>
    public DateTime NextWorkingInstant(DateTime utc)
    {
        var day = LocalDay(utc);
        if (IsWorkingDay(day))
        {
            return utc;
        }
        do
        {
            day = day.AddDays(1);
        }
        while (!IsWorkingDay(day));
        return StartOfLocalDay(day);
    }

    /// <summary><paramref name="utc"/> itself when it falls on a working day, else the midnight that ended the last working day before it.</summary>
    public DateTime PreviousWorkingInstant(DateTime utc)
    {
        var day = LocalDay(utc);
        if (IsWorkingDay(day))
        {
            return utc;
        }
        do
        {
            day = day.AddDays(-1);
        }
        while (!IsWorkingDay(day));
        return StartOfLocalDay(day.AddDays(1));
    }

    /// <summary>Whether the working time up to <paramref name="utc"/> runs past the last day the file covers, where only the weekend is known.</summary>
    public bool IsBeyondCoverage(DateTime utc) => LocalDay(utc.AddTicks(-1)) > CoversTo;

    private DateOnly LocalDay(DateTime utc) => DateOnly.FromDateTime(utc + UtcOffset);

    private DateTime StartOfLocalDay(DateOnly day) =>
        DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue) - UtcOffset, DateTimeKind.Utc);

    /// <summary>Reads a calendar file (see <c>Deadlines/Calendars/*.json</c>).</summary>
    public static BusinessCalendar Load(string path)
    {
        var file = JsonSerializer.Deserialize<CalendarFile>(File.ReadAllText(path), FileOptions)
            ?? throw new InvalidDataException($"{path}: empty calendar file.");
        if (!Enum.TryParse<Party>(file.Party, ignoreCase: true, out var party) || !Enum.IsDefined(party))
        {
            throw new InvalidDataException($"{path}: party must be RU or TJ.");
        }
        if (string.IsNullOrWhiteSpace(file.Version))
        {
            throw new InvalidDataException($"{path}: version is required.");
        }
        var offset = TimeSpan.Parse(file.UtcOffset.TrimStart('+', '-'), CultureInfo.InvariantCulture)
            * (file.UtcOffset.StartsWith('-') ? -1 : 1);
        return new BusinessCalendar(party, file.Version, offset,
            file.Weekend.Select(d => Enum.Parse<DayOfWeek>(d, ignoreCase: true)),
            file.Holidays.Concat(file.Transfers.Keys).Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture)),
            DateOnly.ParseExact(file.CoversFrom, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateOnly.ParseExact(file.CoversTo, "yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    private static readonly JsonSerializerOptions FileOptions = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip };

    private sealed class CalendarFile
    {
        public string Party { get; set; } = string.Empty;

        public string Version { get; set; } = string.Empty;

        public string UtcOffset { get; set; } = "+00:00";

        public List<string> Weekend { get; set; } = [];

        public List<string> Holidays { get; set; } = [];

        /// <summary>Days off the law moves from a holiday on a weekend, with the holiday they come from.</summary>
        public Dictionary<string, string> Transfers { get; set; } = [];

        public string CoversFrom { get; set; } = "0001-01-01";

        public string CoversTo { get; set; } = "9999-12-31";

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Other { get; set; }
    }
}
