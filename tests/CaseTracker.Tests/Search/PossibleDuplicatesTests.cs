using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using Grpc.Core;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Search;

/// <summary>
/// FindPossibleDuplicates before filing: the open cases whose subject the matcher scores as the same person, about
/// the same enforcement action — scored only on what the caller may see.
/// </summary>
public sealed class PossibleDuplicatesTests(CaseTrackerHost host) : IClassFixture<CaseTrackerHost>
{
    private readonly CaseTrackerClient _tj = host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");
    private readonly CaseTrackerClient _ru = host.ClientFor(Party.RU, Role.Investigator, "ru.ivanov");

    private static V1.Case Person(string latin, string russian, string tajik, int year, string passport, V1.EnforcementActionType action = V1.EnforcementActionType.EntryBan)
    {
        var draft = NewCase(latinName: latin, russianName: russian, tajikName: tajik, action: action);
        draft.Subject.DateOfBirth = new Google.Type.Date { Year = year, Month = 6, Day = 15 };
        draft.Subject.PassportNumber = passport;
        return draft;
    }

    private async Task<List<V1.PossibleDuplicate>> DuplicatesAsync(CaseTrackerClient client, V1.Case draft) =>
        [.. (await client.Cases.FindPossibleDuplicatesAsync(new V1.FindPossibleDuplicatesRequest { Case = draft })).Duplicates];

    [Fact]
    public async Task FilingTheSamePersonAgain_InAnotherScript_ListsTheFirstCase_WithScoreAndExplanation()
    {
        var first = await _tj.CreateAsync(Person("KHAYDAROV BAKHROM", "", "Ҳайдаров Баҳром", 1981, "400550011"));

        var found = await DuplicatesAsync(_tj, Person("", "Хайдаров Бахром", "", 1981, ""));

        var duplicate = Assert.Single(found, d => d.Case.Name == first.Name);
        Assert.True(duplicate.Match);
        Assert.Equal(0.75, duplicate.Score, 3);
        Assert.Equal("date_of_birth;surname;given_name", duplicate.Explanation);
    }

    [Fact]
    public async Task AnotherEnforcementAction_AClosedCase_OrAnotherPerson_IsNotListed()
    {
        var other = await _tj.CreateAsync(Person("GAFUROV UMED", "", "", 1975, "400550022", V1.EnforcementActionType.Deportation));
        var closed = await _tj.CreateAsync(Person("GAFUROV UMED", "", "", 1975, "400550022"));
        await _tj.Cases.WithdrawCaseAsync(new V1.WithdrawCaseRequest { Name = closed.Name, Reason = "Filed twice by mistake." });
        var namesake = await _tj.CreateAsync(Person("GAFUROV UMED", "", "", 1999, "400559999"));

        var found = await DuplicatesAsync(_tj, Person("GHAFUROV UMED", "", "", 1975, "400550022"));

        Assert.DoesNotContain(found, d => d.Case.Name == other.Name || d.Case.Name == closed.Name || d.Case.Name == namesake.Name);
    }

    [Fact]
    public async Task TheOtherPartysCase_IsScoredWithoutItsWithheldPassport_TheSameForARightAndAWrongGuess()
    {
        var first = await _tj.CreateAsync(Person("QODIROV FIRUZ", "", "Қодиров Фирӯз", 1988, "400660033"));

        var right = await DuplicatesAsync(_ru, Person("KODIROV FIRUZ", "", "", 1988, "400660033"));
        var wrong = await DuplicatesAsync(_ru, Person("KODIROV FIRUZ", "", "", 1988, "400000000"));
        var own = await DuplicatesAsync(_tj, Person("KODIROV FIRUZ", "", "", 1988, "400660033"));

        var seen = Assert.Single(right, d => d.Case.Name == first.Name);
        Assert.Equal(wrong.Select(d => (d.Case.Name, d.Score, d.Explanation, d.Match)), right.Select(d => (d.Case.Name, d.Score, d.Explanation, d.Match)));
        Assert.DoesNotContain("passport;", seen.Explanation);
        Assert.Equal(string.Empty, seen.Case.Subject.PassportNumber);
        Assert.Contains("subject.passport_number", seen.Case.RedactedFields);
        Assert.StartsWith("passport;", Assert.Single(own, d => d.Case.Name == first.Name).Explanation);
    }

    [Fact]
    public async Task APassportAlone_FindsNoCaseOfTheOtherParty_WhosePassportIsWithheld()
    {
        await _tj.CreateAsync(Person("SHARIPOV DAVRON", "", "", 1970, "400770044"));

        var found = await DuplicatesAsync(_ru, Person("STRANGER NOBODY", "", "", 2001, "400770044"));

        Assert.Empty(found);
    }

    [Fact]
    public async Task AnAuditor_MayNotLookForDuplicates()
    {
        var error = await Assert.ThrowsAnyAsync<RpcException>(() =>
            host.ClientFor(Party.TJ, Role.Auditor, "tj.auditor").Cases.FindPossibleDuplicatesAsync(new V1.FindPossibleDuplicatesRequest { Case = NewCase() }).ResponseAsync);

        Assert.Equal((StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED"), (error.StatusCode, error.Reason()));
    }
}
