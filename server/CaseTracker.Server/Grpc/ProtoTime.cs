using Google.Protobuf.WellKnownTypes;

namespace CaseTracker.Server.Grpc;

/// <summary>Times and dates between the contract and the domain, which keeps UTC <see cref="DateTime"/> and <see cref="DateOnly"/>.</summary>
public static class ProtoTime
{
    public static Timestamp Of(DateTime utc) => Timestamp.FromDateTime(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    public static Timestamp? Of(DateTime? utc) => utc is { } value ? Of(value) : null;

    public static Google.Type.Date? DateOf(DateOnly? date) =>
        date is { } d ? new Google.Type.Date { Year = d.Year, Month = d.Month, Day = d.Day } : null;

    /// <summary>An unset or all-zero date is no date.</summary>
    public static DateOnly? ToDateOnly(Google.Type.Date? date) =>
        date is null || (date.Year == 0 && date.Month == 0 && date.Day == 0) ? null : new DateOnly(date.Year, date.Month, date.Day);
}
