using Google.Protobuf.WellKnownTypes;
using V1 = CaseTracker.V1;

namespace CaseTracker.Tests.Support;

/// <summary>The pieces of a bulk list the reconciliation tests import.</summary>
public static class PersonLists
{
    public static V1.PersonListHeader Header(string importId, V1.PersonListKind kind = V1.PersonListKind.ExpulsionList) => new()
    {
        ImportId = importId,
        Kind = kind,
        AsOfTime = Timestamp.FromDateTime(new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc)),
        Title = "Test list",
    };

    public static V1.PersonRecord Person(long line, string surname, string given, string born, string passport = "") =>
        new() { Line = line, Surname = surname, GivenName = given, DateOfBirth = born, PassportNumber = passport };
}
