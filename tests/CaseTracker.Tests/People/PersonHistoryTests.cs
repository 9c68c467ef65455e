using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using Grpc.Core;
using static CaseTracker.Tests.Support.Drafts;
using static CaseTracker.Tests.Support.PersonLists;

namespace CaseTracker.Tests.People;

/// <summary>
/// A person's history: every case of both parties about one person, in any stage, and the list records reconciled to
/// them, under the rules of the cases themselves; never an oracle for the other party's withheld passport.
/// </summary>
public sealed class PersonHistoryTests : IDisposable
{
    private readonly CaseTrackerHost _host = new();
    private readonly CaseTrackerClient _tj;
    private readonly CaseTrackerClient _ru;

    public PersonHistoryTests()
    {
        _tj = _host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");
        _ru = _host.ClientFor(Party.RU, Role.Investigator, "ru.petrov");
    }

    /// <summary>
    /// Tajikistan's case about Farrukh Rakhmonov (passport 400123456, no consent to share) and its expulsion list with a
    /// record of him, reconciled to that case; then Russia's closed case about him spelt otherwise, a Tajik case of
    /// someone else who carries the same passport, and a stranger's.
    /// </summary>
    private async Task<(V1.Case Tj, V1.Case Ru, V1.Case SamePassport, V1.Case Stranger)> SeedAsync()
    {
        var tj = await _tj.CreateAsync();
        await _host.ClientFor(Party.TJ, Role.MinistrySystem, "tj.migration").ImportPersonListAsync(Header("tj-expelled"),
            [Person(1, "RAKHMONOV", "FARRUKH", "1990-04-12", "400123456"), Person(2, "NAZAROV", "FIRUZ", "1979-09-30", "400999888")]);
        var ru = await _ru.CreateAsync(NewCase("RAHMONOV FARUKH", "Рахмонов Фарух", "Раҳмонов Фарух", V1.EnforcementActionType.EntryBan));
        await _ru.Cases.WithdrawCaseAsync(new V1.WithdrawCaseRequest { Name = ru.Name, Reason = "Filed in Tajikistan." });
        var samePassportDraft = NewCase("SAIDOV ANVAR", "Саидов Анвар", "Саидов Анвар");
        samePassportDraft.Subject.DateOfBirth = new Google.Type.Date { Year = 1985, Month = 1, Day = 1 };
        var samePassport = await _tj.CreateAsync(samePassportDraft);
        var strangerDraft = NewCase("NAZAROV FIRUZ", "Назаров Фируз", "Назаров Фирӯз");
        strangerDraft.Subject.DateOfBirth = new Google.Type.Date { Year = 1979, Month = 9, Day = 30 };
        strangerDraft.Subject.PassportNumber = "400999888";
        var stranger = await _tj.CreateAsync(strangerDraft);
        return (tj, ru, samePassport, stranger);
    }

    private static Task<V1.ListPersonHistoryResponse> HistoryAsync(CaseTrackerClient client, V1.Case of) =>
        client.People.ListPersonHistoryAsync(new V1.ListPersonHistoryRequest { Case = of.Name }).ResponseAsync;

    [Fact]
    public async Task History_HoldsEveryCaseOfThePersonOfBothPartiesInAnyStage_AndTheListRecordsReconciledToThem()
    {
        var (tj, ru, _, stranger) = await SeedAsync();

        var history = await HistoryAsync(_tj, tj);

        Assert.Equal(tj.Name, history.Cases[0].Case.Name);
        Assert.Equal(("requested", true), (history.Cases[0].Explanation, history.Cases[0].Match));
        var other = Assert.Single(history.Cases, c => c.Case.Name == ru.Name);
        Assert.True(other.Match, other.Explanation);
        Assert.Equal(V1.Stage.Closed, other.Case.Stage);
        Assert.DoesNotContain(history.Cases, c => c.Case.Name == stranger.Name);
        var record = Assert.Single(history.Records);
        Assert.Equal((tj.Name, 1L, V1.Party.Tj, V1.PersonListKind.ExpulsionList, "400123456"),
            (record.Result.MatchedCase, record.Result.Record.Line, record.SourceParty, record.Kind, record.Result.Record.PassportNumber));
        Assert.StartsWith("reconciliations/", record.Reconciliation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_SeenByTheOtherParty_WithholdsThePassportsAndContactsItMayNotSee()
    {
        var (tj, ru, _, _) = await SeedAsync();

        var history = await HistoryAsync(_ru, ru);

        var tjCase = Assert.Single(history.Cases, c => c.Case.Name == tj.Name).Case;
        Assert.Equal(("", null), (tjCase.Subject.PassportNumber, tjCase.Subject.Contact));
        Assert.Contains("subject.passport_number", tjCase.RedactedFields);
        Assert.Contains("subject.contact", tjCase.RedactedFields);
        var ruCase = history.Cases[0].Case;
        Assert.Equal("400123456", ruCase.Subject.PassportNumber);
        var record = Assert.Single(history.Records);
        Assert.Equal("", record.Result.Record.PassportNumber);
        Assert.Contains("record.passport_number", record.Result.RedactedFields);
    }

    [Fact]
    public async Task History_IsNoPassportOracle_ACaseOfTheOtherPartyJoinedOnlyByAWithheldPassportIsNotShown()
    {
        var (tj, ru, samePassport, _) = await SeedAsync();

        var seenByRussia = await HistoryAsync(_ru, ru);
        var seenByACoChair = await HistoryAsync(_host.ClientFor(Party.RU, Role.CoChair, "ru.cochair"), ru);

        // Russia's own case carries 400123456; so do Tajikistan's cases, whose passports are withheld from Russia: they
        // are compared on names and birth date only, so the Tajik case of another name and birth date is not shown.
        Assert.DoesNotContain(seenByRussia.Cases, c => c.Case.Name == samePassport.Name);
        Assert.DoesNotContain("passport", Assert.Single(seenByRussia.Cases, c => c.Case.Name == tj.Name).Explanation, StringComparison.Ordinal);
        // A co-chair sees every passport: for them it counts.
        Assert.StartsWith("passport;", Assert.Single(seenByACoChair.Cases, c => c.Case.Name == tj.Name).Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_AfterTheSubjectConsentedToShare_ShowsTheOtherPartyThePassportsToo()
    {
        var (tj, ru, _, _) = await SeedAsync();
        await _tj.Cases.RecordConsentAsync(new V1.RecordConsentRequest { Name = tj.Name, ShareWithOtherParty = true, IncludeInStatistics = true });

        var history = await HistoryAsync(_ru, ru);

        Assert.Equal("400123456", Assert.Single(history.Cases, c => c.Case.Name == tj.Name).Case.Subject.PassportNumber);
        Assert.Equal("400123456", Assert.Single(history.Records).Result.Record.PassportNumber);
    }

    [Fact]
    public async Task History_OfACaseThatDoesNotExist_IsNotFound_AndOfABadName_IsInvalid()
    {
        var missing = await Assert.ThrowsAnyAsync<RpcException>(() => HistoryAsync(_ru, new V1.Case { Name = "cases/tf-2026-999999" }));
        var bad = await Assert.ThrowsAnyAsync<RpcException>(() => HistoryAsync(_ru, new V1.Case { Name = "people/1" }));

        AssertStatus(missing, StatusCode.NotFound, "CASE_NOT_FOUND");
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
    }

    [Fact]
    public async Task History_OfAPersonWithManyCases_ComesInPages_EachCaseOnce_AndThePageTokenIsBoundToTheCase()
    {
        var first = await _tj.CreateAsync();
        for (var i = 0; i < 6; i++)
        {
            await (i % 2 == 0 ? _tj : _ru).CreateAsync();
        }
        var strangerDraft = NewCase("NAZAROV FIRUZ", "Назаров Фируз", "Назаров Фирӯз");
        strangerDraft.Subject.DateOfBirth = new Google.Type.Date { Year = 1979, Month = 9, Day = 30 };
        strangerDraft.Subject.PassportNumber = "400999888";
        var stranger = await _tj.CreateAsync(strangerDraft);

        var seen = new List<string>();
        var request = new V1.ListPersonHistoryRequest { Case = first.Name, PageSize = 3 };
        var pages = 0;
        do
        {
            var page = await _tj.People.ListPersonHistoryAsync(request);
            Assert.InRange(page.Cases.Count, 1, 3);
            seen.AddRange(page.Cases.Select(c => c.Case.Name));
            request.PageToken = page.NextPageToken;
            pages++;
        }
        while (request.PageToken.Length > 0);

        Assert.Equal(3, pages);
        Assert.Equal(first.Name, seen[0]);
        Assert.Equal(7, seen.Count);
        Assert.Equal(7, seen.Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain(stranger.Name, seen);
        var firstPage = await _tj.People.ListPersonHistoryAsync(new V1.ListPersonHistoryRequest { Case = first.Name, PageSize = 3 });
        var elsewhere = await Assert.ThrowsAnyAsync<RpcException>(() => _tj.People.ListPersonHistoryAsync(
            new V1.ListPersonHistoryRequest { Case = stranger.Name, PageToken = firstPage.NextPageToken }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, elsewhere.StatusCode);
    }

    public void Dispose() => _host.Dispose();
}
