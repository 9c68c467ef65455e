using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using static CaseTracker.Tests.Support.Drafts;
using static CaseTracker.Tests.Support.PersonLists;

namespace CaseTracker.Tests.Security;

/// <summary>
/// A list's records are the importing party's data: its people and the co-chairs see them whole; the other party
/// sees a record's passport only where the record matched a case whose subject consented to sharing with it.
/// </summary>
public sealed class ReconciliationDisclosureTests(CaseTrackerHost host) : IClassFixture<CaseTrackerHost>
{
    private const string RecordPassport = "PX7788991";
    private const string StrangerPassport = "PX0000417";

    private static readonly string[] Withheld = ["record.passport_number"];

    private readonly CaseTrackerClient _tjInvestigator = host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");

    /// <summary>TJ files a case for the person and imports a returned-home list with them (line 1) and a stranger (line 2).</summary>
    private async Task<(V1.Case Case, string Reconciliation)> ImportAsync(string importId, string surname, string given, bool consent)
    {
        var c = await _tjInvestigator.CreateAsync(NewCase(latinName: $"{surname} {given}", russianName: "", tajikName: ""));
        if (consent)
        {
            await _tjInvestigator.Cases.RecordConsentAsync(new V1.RecordConsentRequest { Name = c.Name, ShareWithOtherParty = true });
        }
        var imported = await host.ClientFor(Party.TJ, Role.MinistrySystem, "tj.mlme").ImportPersonListAsync(
            Header(importId, V1.PersonListKind.ReturnedHomeList),
            [Person(1, surname, given, "1990-04-12", RecordPassport), Person(2, "NOSIROV", "BAHROM", "1961-07-30", StrangerPassport)]);
        return (c, imported.Response.Unpack<V1.Reconciliation>().Name);
    }

    private static async Task<List<V1.ReconciliationResult>> ListedAsync(CaseTrackerClient client, string reconciliation) =>
        [.. (await client.Reconciliations.ListReconciliationResultsAsync(new V1.ListReconciliationResultsRequest { Parent = reconciliation })).Results];

    [Theory]
    [InlineData(Role.Investigator)]
    [InlineData(Role.Auditor)]
    [InlineData(Role.Supervisor)]
    [InlineData(Role.MinistrySystem)]
    public async Task OtherParty_WithoutConsent_GetsNoPassportFromListOrDownload_AndIsToldSo(Role role)
    {
        var (_, reconciliation) = await ImportAsync($"no-consent-{role}".ToLowerInvariant(), "RAKHMONOV", "FARRUKH", consent: false);
        var ru = host.ClientFor(Party.RU, role, $"ru.{role}".ToLowerInvariant());

        var listed = await ListedAsync(ru, reconciliation);
        var downloaded = await ru.ResultsAsync(reconciliation);

        Assert.Equal(V1.ReconciliationOutcome.MatchedOpenCase, listed[0].Outcome);
        Assert.All(listed.Concat(downloaded), r => Assert.Equal(string.Empty, r.Record.PassportNumber));
        Assert.All(listed.Concat(downloaded), r => Assert.Equal(Withheld, r.RedactedFields));
        Assert.Equal(("RAKHMONOV", "1990-04-12"), (downloaded[0].Record.Surname, downloaded[0].Record.DateOfBirth));
    }

    [Theory]
    [InlineData(Party.TJ, Role.Investigator)]
    [InlineData(Party.TJ, Role.Auditor)]
    [InlineData(Party.RU, Role.CoChair)]
    public async Task ImportingPartysPeopleAndCoChairs_SeeTheRecordsWhole(Party party, Role role)
    {
        var (_, reconciliation) = await ImportAsync($"whole-{party}-{role}".ToLowerInvariant(), "SAFAROV", "DILSHOD", consent: false);
        var reader = host.ClientFor(party, role, $"{party}.{role}".ToLowerInvariant());

        var listed = await ListedAsync(reader, reconciliation);
        var downloaded = await reader.ResultsAsync(reconciliation);

        Assert.Equal([RecordPassport, StrangerPassport], listed.Select(r => r.Record.PassportNumber));
        Assert.Equal([RecordPassport, StrangerPassport], downloaded.Select(r => r.Record.PassportNumber));
        Assert.All(listed.Concat(downloaded), r => Assert.Empty(r.RedactedFields));
    }

    [Fact]
    public async Task OtherParty_WithConsentOnTheMatchedCase_SeesThatRecordsPassport_ButNothingOfAnUnmatchedRecord()
    {
        var (_, reconciliation) = await ImportAsync("consented", "QODIROV", "JAMSHED", consent: true);
        var ru = host.ClientFor(Party.RU, Role.Investigator, "ru.ivanov");

        var listed = await ListedAsync(ru, reconciliation);
        var downloaded = await ru.ResultsAsync(reconciliation);

        foreach (var results in new[] { listed, downloaded })
        {
            Assert.Equal((RecordPassport, string.Empty), (results[0].Record.PassportNumber, results[1].Record.PassportNumber));
            Assert.Empty(results[0].RedactedFields);
            Assert.Equal(Withheld, results[1].RedactedFields);
        }
    }

    [Fact]
    public async Task ConsentWithdrawn_WithholdsTheRecordsPassportAgain()
    {
        var (c, reconciliation) = await ImportAsync("withdrawn", "HAYDAROV", "SUHROB", consent: true);
        await _tjInvestigator.Cases.WithdrawConsentAsync(new V1.WithdrawConsentRequest { Name = c.Name, Reason = "The family asked." });

        var listed = await ListedAsync(host.ClientFor(Party.RU, Role.Investigator, "ru.ivanov"), reconciliation);

        Assert.Equal(string.Empty, listed[0].Record.PassportNumber);
        Assert.Equal(Withheld, listed[0].RedactedFields);
    }
}
