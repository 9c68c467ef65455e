using CaseTracker.Client;
using CaseTracker.Client.Audit;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using static CaseTracker.Tests.Support.Drafts;
using static CaseTracker.Tests.Support.PersonLists;

namespace CaseTracker.Tests.Records;

/// <summary>
/// A subject-access export is recorded — SUBJECT_DATA_EXPORTED on each case it gave away, never the values — and it
/// holds the person's list records: the caller's party's whole, the other party's only as the disclosure rule shows
/// them (and then as a disclosure), and nothing of anyone else.
/// </summary>
public sealed class SubjectAccessExportTests : IDisposable
{
    private const string Passport = "400123456";
    private const string StrangerPassport = "PX0000417";

    private readonly CaseTrackerHost _host = new();

    private CaseTrackerClient RuInvestigator => _host.ClientFor(Party.RU, Role.Investigator, "ru.ivanova");
    private CaseTrackerClient RuSupervisor => _host.ClientFor(Party.RU, Role.Supervisor, "ru.petrova");
    private CaseTrackerClient TjInvestigator => _host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");

    [Fact]
    public async Task ExportSubjectData_RecordsSubjectDataExportedOnEachCaseExported_WithCountsAndNoValues()
    {
        var first = await RuInvestigator.CreateAsync();
        await RuInvestigator.Cases.CreateNoteAsync(new V1.CreateNoteRequest { Parent = first.Name, Note = new V1.Note { Text = "Met the subject's lawyer." } });
        var second = await RuInvestigator.CreateAsync();
        var other = await RuInvestigator.CreateAsync(OtherPerson());
        var etag = (await RuInvestigator.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = first.Name })).Etag;

        var export = await RuSupervisor.Records.ExportSubjectDataAsync(new V1.ExportSubjectDataRequest { PassportNumber = Passport });

        Assert.Equal([first.Name, second.Name], export.Cases.Select(c => c.Case.Name));
        var events = await EventsAsync();
        var exported = events.Where(e => e.Type == V1.CaseEventType.SubjectDataExported).ToList();
        Assert.Equal([first.Name, second.Name], exported.Select(e => e.Case));
        Assert.All(exported, e => Assert.Equal(("ru.petrova", V1.Party.Ru, V1.Role.Supervisor), (e.Actor, e.ActorParty, e.ActorRole)));
        Assert.Contains("\"notes\":\"1\"", exported[0].Payload, StringComparison.Ordinal);
        Assert.Contains("\"notes\":\"0\"", exported[1].Payload, StringComparison.Ordinal);
        Assert.All(exported, e => Assert.DoesNotContain(Passport, e.Payload, StringComparison.Ordinal));
        Assert.All(exported, e => Assert.DoesNotContain("RAKHMONOV", e.Payload, StringComparison.Ordinal));
        Assert.DoesNotContain(events, e => e.Case == other.Name && e.Type == V1.CaseEventType.SubjectDataExported);
        AssertChainVerifies(events);
        Assert.Equal(etag, (await RuInvestigator.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = first.Name })).Etag);
    }

    [Fact]
    public async Task ExportSubjectData_ForAPersonInNoCase_RecordsNoEvent()
    {
        await RuInvestigator.CreateAsync(OtherPerson());

        var export = await RuSupervisor.Records.ExportSubjectDataAsync(new V1.ExportSubjectDataRequest { PassportNumber = Passport });

        Assert.Empty(export.Cases);
        Assert.DoesNotContain(await EventsAsync(), e => e.Type == V1.CaseEventType.SubjectDataExported);
    }

    [Fact]
    public async Task ExportSubjectData_HoldsThePersonsRecordsOfTheCallersPartysLists_AndNothingOfOtherPeople()
    {
        var c = await RuInvestigator.CreateAsync();
        // The same passport written as the list sent it; a second record reconciled to the case by name and birth only.
        var list = await ImportAsync(Party.RU, "ru-expulsions",
            Person(1, "RAKHMONOV", "FARRUKH", "1990-04-12", "4001-23456"), Person(2, "NOSIROV", "BAHROM", "1961-07-30", StrangerPassport),
            Person(3, "RAKHMONOV", "FARRUKH", "1990-04-12"));
        // The other party's lists hold the passport too: one record reconciled to the Russian case, which the Russian
        // side reads without its passport, and one reconciled to nothing, which it cannot see by the passport at all.
        var tjList = await ImportAsync(Party.TJ, "tj-returned", Person(1, "RAKHMONOV", "FARRUKH", "1990-04-12", Passport));
        var tjUnmatched = await ImportAsync(Party.TJ, "tj-other", Person(1, "QODIROV", "JAMSHED", "1985-01-01", Passport));

        var export = await RuSupervisor.Records.ExportSubjectDataAsync(new V1.ExportSubjectDataRequest { PassportNumber = Passport });

        Assert.Equal([$"{list}/records/1", $"{list}/records/3", $"{tjList}/records/1"], export.ListRecords.Select(r => r.Name));
        var record = export.ListRecords[0].Result;
        Assert.Equal(("RAKHMONOV", "FARRUKH", "1990-04-12", "4001-23456"), (record.Record.Surname, record.Record.GivenName, record.Record.DateOfBirth, record.Record.PassportNumber));
        Assert.Equal(V1.ReconciliationOutcome.MatchedOpenCase, record.Outcome);
        Assert.Equal(c.Name, record.MatchedCase);
        Assert.Empty(export.ListRecords[0].Result.RedactedFields);
        Assert.Empty(export.ListRecords[1].Result.RedactedFields);
        var withheld = export.ListRecords[2].Result;
        Assert.Equal((c.Name, string.Empty), (withheld.MatchedCase, withheld.Record.PassportNumber));
        Assert.Equal(["record.passport_number"], withheld.RedactedFields);
        var text = export.ToString();
        Assert.DoesNotContain("NOSIROV", text, StringComparison.Ordinal);
        Assert.DoesNotContain(StrangerPassport, text, StringComparison.Ordinal);
        Assert.DoesNotContain(tjUnmatched, text, StringComparison.Ordinal);
        Assert.Empty(await DisclosuresAsync());
        Assert.Contains("\"list_records\":\"3\"", (await EventsAsync()).Single(e => e.Type == V1.CaseEventType.SubjectDataExported).Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportSubjectData_HoldsTheOtherPartysRecordWhoseCaseConsentedToSharing_AndRecordsItAsADisclosure()
    {
        var tjCase = await TjInvestigator.CreateAsync();
        await TjInvestigator.Cases.RecordConsentAsync(new V1.RecordConsentRequest { Name = tjCase.Name, ShareWithOtherParty = true });
        var tjList = await ImportAsync(Party.TJ, "tj-returned", Person(1, "RAKHMONOV", "FARRUKH", "1990-04-12", Passport), Person(2, "NOSIROV", "BAHROM", "1961-07-30", StrangerPassport));

        var export = await RuSupervisor.Records.ExportSubjectDataAsync(new V1.ExportSubjectDataRequest { PassportNumber = Passport });

        var shown = Assert.Single(export.ListRecords);
        Assert.Equal(($"{tjList}/records/1", Passport, tjCase.Name), (shown.Name, shown.Result.Record.PassportNumber, shown.Result.MatchedCase));
        Assert.DoesNotContain("NOSIROV", export.ToString(), StringComparison.Ordinal);
        var disclosure = Assert.Single(await DisclosuresAsync());
        Assert.Equal(("ru.petrova", "ExportSubjectData", $"{tjList}/records/1", tjCase.Name), (disclosure.Caller, disclosure.Method, disclosure.Record, disclosure.Case));
        Assert.Equal(["record.passport_number"], disclosure.Fields);
    }

    private async Task<string> ImportAsync(Party party, string importId, params V1.PersonRecord[] records)
    {
        var imported = await _host.ClientFor(party, Role.MinistrySystem).ImportPersonListAsync(Header(importId), records);
        return imported.Response.Unpack<V1.Reconciliation>().Name;
    }

    private static V1.Case OtherPerson()
    {
        var draft = NewCase(latinName: "MIRZOEV SHERZOD", russianName: "Мирзоев Шерзод", tajikName: "Мирзоев Шерзод");
        draft.Subject.PassportNumber = "500765432";
        return draft;
    }

    private async Task<List<V1.Disclosure>> DisclosuresAsync() =>
        [.. (await _host.ClientFor(Party.TJ, Role.Auditor).Cases.ListDisclosuresAsync(new V1.ListDisclosuresRequest { Parent = "cases/-", PageSize = 500 })).Disclosures];

    private Task<List<V1.CaseEvent>> EventsAsync() => EventLogs.AllAsync(_host.ClientFor(Party.RU, Role.Auditor));

    private static void AssertChainVerifies(IReadOnlyList<V1.CaseEvent> events) => EventLogs.AssertChainVerifies(events);

    public void Dispose() => _host.Dispose();
}
