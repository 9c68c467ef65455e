using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using static CaseTracker.Tests.Support.Drafts;
using static CaseTracker.Tests.Support.PersonLists;
using Kind = CaseTracker.V1.ReconciliationChange.Types.Kind;

namespace CaseTracker.Tests.Reconciliation;

/// <summary>Registry snapshots compared one with the next, and what the changes do to cases (issue 25).</summary>
public sealed class RegistrySeriesTests : IDisposable
{
    private static readonly DateTime Start = new(2026, 11, 2, 0, 0, 0, DateTimeKind.Utc);

    private readonly CaseTrackerHost _host = new();
    private readonly CaseTrackerClient _ruRegistry;
    private readonly CaseTrackerClient _ruSupervisor;
    private readonly CaseTrackerClient _tjSupervisor;

    public RegistrySeriesTests()
    {
        _ruRegistry = _host.ClientFor(Party.RU, Role.MinistrySystem, "ru.mvd");
        _ruSupervisor = _host.ClientFor(Party.RU, Role.Supervisor, "ru.ivanova");
        _tjSupervisor = _host.ClientFor(Party.TJ, Role.Supervisor, "tj.rahimov");
    }

    private static V1.PersonRecord Listed(long line, string surname, string given, string born, string passport, V1.RegistryGround ground)
    {
        var record = Person(line, surname, given, born, passport);
        record.Ground = ground;
        return record;
    }

    /// <summary>The subject of <see cref="NewCase"/> as the registry lists them.</summary>
    private static V1.PersonRecord Subject(long line, V1.RegistryGround ground = V1.RegistryGround.SojournExpired) =>
        Listed(line, "RAKHMONOV", "FARRUKH", "1990-04-12", "400123456", ground);

    private async Task<string> SnapshotAsync(string importId, int hoursAfterStart, params V1.PersonRecord[] records)
    {
        var header = new V1.PersonListHeader
        {
            ImportId = importId, Kind = V1.PersonListKind.RegistrySnapshot, AsOfTime = Timestamp.FromDateTime(Start.AddHours(hoursAfterStart)), Title = "Registry",
        };
        var imported = await _ruRegistry.ImportPersonListAsync(header, records);
        return imported.Response.Unpack<V1.Reconciliation>().Name;
    }

    private async Task<List<V1.ReconciliationChange>> DownloadAsync(CaseTrackerClient client, string snapshot, string filter = "")
    {
        using var call = client.Reconciliations.DownloadReconciliationChanges(new V1.DownloadReconciliationChangesRequest { Parent = snapshot, Filter = filter });
        return await call.ResponseStream.ReadAllAsync().ToListAsync();
    }

    private async Task<List<V1.CaseEvent>> EventsAsync(string caseName, V1.CaseEventType type) =>
        [.. (await _ruSupervisor.Cases.ListCaseEventsAsync(new V1.ListCaseEventsRequest { Case = caseName, PageSize = 500 })).CaseEvents.Where(e => e.Type == type)];

    private Task<V1.Case> GetAsync(string caseName) => _ruSupervisor.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = caseName }).ResponseAsync;

    [Fact]
    public async Task ASecondSnapshot_ListsWhoWasAddedRemovedAndMovedToAnotherGround_PagedAndStreamedAlike()
    {
        var first = await SnapshotAsync("registry-1", 0,
            Listed(1, "SAFAROV", "ZAFAR", "1970-01-01", "411111111", V1.RegistryGround.SojournExpired),
            Listed(2, "NAZAROV", "ANVAR", "1980-02-02", "422222222", V1.RegistryGround.WorkPermitEnded),
            Listed(3, "UMAROV", "SINO", "1985-03-03", "433333333", V1.RegistryGround.SojournExpired),
            Listed(4, "KARIMOV", "UMED", "1995-05-05", string.Empty, V1.RegistryGround.SojournReduced));
        var second = await SnapshotAsync("registry-2", 4,
            Listed(1, "NAZAROV", "ANVAR", "1980-02-02", "422222222", V1.RegistryGround.WorkPermitEnded),
            Listed(2, "KARIMOV", "UMED", "1995-05-05", string.Empty, V1.RegistryGround.SojournReduced),
            Listed(3, "UMAROV", "SINO", "1985-03-03", "433333333", V1.RegistryGround.CriminalConviction),
            Listed(4, "SAIDOV", "BAHROM", "1999-09-09", "444444444", V1.RegistryGround.IllegalBorderCrossing));

        var streamed = await DownloadAsync(_ruSupervisor, second);
        var paged = new List<V1.ReconciliationChange>();
        var token = string.Empty;
        do
        {
            var page = await _ruSupervisor.Reconciliations.ListReconciliationChangesAsync(
                new V1.ListReconciliationChangesRequest { Parent = second, PageSize = 1, PageToken = token });
            paged.AddRange(page.Changes);
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        var reconciliation = await _ruSupervisor.Reconciliations.GetReconciliationAsync(new V1.GetReconciliationRequest { Name = second });

        Assert.Equal(
            [(Kind.Added, "SAIDOV", V1.RegistryGround.IllegalBorderCrossing, V1.RegistryGround.Unspecified),
             (Kind.Removed, "SAFAROV", V1.RegistryGround.Unspecified, V1.RegistryGround.SojournExpired),
             (Kind.GroundChanged, "UMAROV", V1.RegistryGround.CriminalConviction, V1.RegistryGround.SojournExpired)],
            streamed.Select(c => (c.Kind, c.Result.Record.Surname, c.Ground, c.PreviousGround)));
        Assert.Equal(streamed, paged);
        Assert.Equal($"{first}/records/1", streamed[1].Record);
        Assert.Equal(($"{second}/records/3", $"{first}/records/3"), (streamed[2].Record, streamed[2].PreviousRecord));
        Assert.Equal(first, reconciliation.PreviousSnapshot);
        Assert.Equal((1L, 1L, 1L), (reconciliation.ChangeCounts["KIND_ADDED"], reconciliation.ChangeCounts["KIND_REMOVED"], reconciliation.ChangeCounts["KIND_GROUND_CHANGED"]));
        Assert.Empty(await DownloadAsync(_ruSupervisor, first));
        Assert.Equal([Kind.Removed], (await DownloadAsync(_ruSupervisor, second, "kind = REMOVED")).Select(c => c.Kind));
    }

    [Fact]
    public async Task ReimportingTheSameSnapshot_UnderItsImportId_AddsNoChangeAndNoCaseEvent()
    {
        var subject = await _host.ClientFor(Party.RU, Role.Investigator).CreateAsync();
        await SnapshotAsync("again-1", 0, Subject(1));
        var second = await SnapshotAsync("again-2", 4, Listed(1, "SAFAROV", "ZAFAR", "1970-01-01", "411111111", V1.RegistryGround.SojournExpired));
        var changes = await DownloadAsync(_ruSupervisor, second);
        var events = await _ruSupervisor.Cases.ListCaseEventsAsync(new V1.ListCaseEventsRequest { Case = subject.Name, PageSize = 500 });

        var again = await SnapshotAsync("again-2", 4, Listed(1, "SAFAROV", "ZAFAR", "1970-01-01", "411111111", V1.RegistryGround.SojournExpired));

        Assert.Equal(second, again);
        Assert.Equal(changes, await DownloadAsync(_ruSupervisor, second));
        Assert.Equal(events.CaseEvents.Count, (await _ruSupervisor.Cases.ListCaseEventsAsync(new V1.ListCaseEventsRequest { Case = subject.Name, PageSize = 500 })).CaseEvents.Count);
        Assert.Single(await EventsAsync(subject.Name, V1.CaseEventType.RegistryDelisted));
    }

    [Fact]
    public async Task ASnapshotNoLaterThanTheLatest_OrWhileTheLatestIsUnfinished_IsRefused_AndNothingIsStored()
    {
        var latest = await SnapshotAsync("order-2", 8, Subject(1));

        var older = await RefusedAsync(() => SnapshotAsync("order-1", 4, Subject(1)));
        var same = await RefusedAsync(() => SnapshotAsync("order-1b", 8, Subject(1)));
        using (var open = _ruRegistry.Reconciliations.ImportPersonList())
        {
            await open.RequestStream.WriteAsync(new V1.ImportPersonListRequest
            {
                Header = new V1.PersonListHeader { ImportId = "order-3", Kind = V1.PersonListKind.RegistrySnapshot, AsOfTime = Timestamp.FromDateTime(Start.AddHours(12)) },
                Records = { Subject(1) },
            });
            await open.RequestStream.CompleteAsync();
            await open.ResponseAsync;
        }
        var whileUnfinished = await RefusedAsync(() => SnapshotAsync("order-4", 16, Subject(1)));

        AssertStatus(older, StatusCode.FailedPrecondition, "SNAPSHOT_OUT_OF_ORDER");
        Assert.Equal(latest, MetadataOf(older)["latest_snapshot"]);
        AssertStatus(same, StatusCode.FailedPrecondition, "SNAPSHOT_OUT_OF_ORDER");
        AssertStatus(whileUnfinished, StatusCode.FailedPrecondition, "PREVIOUS_SNAPSHOT_INCOMPLETE");
        var missing = await RefusedAsync(() => _ruSupervisor.Reconciliations.GetReconciliationAsync(new V1.GetReconciliationRequest { Name = "reconciliations/ru-order-1" }).ResponseAsync);
        AssertStatus(missing, StatusCode.NotFound, "RECONCILIATION_NOT_FOUND");
    }

    private static Google.Protobuf.Collections.MapField<string, string> MetadataOf(RpcException error) => error.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Metadata;

    [Fact]
    public async Task ASnapshotThatDropsTheSubject_OfFindingsSayingDelisted_RecordsTheDelisting_AndConfirmsTheRemedy_WithoutMovingTheEtag()
    {
        var investigating = await _host.ClientFor(Party.RU, Role.Investigator).InInvestigationAsync();
        var proposed = await _ruSupervisor.Cases.ProposeResolutionAsync(new V1.ProposeResolutionRequest
        {
            Name = investigating.Name, Etag = investigating.Etag, Findings = "Wrongly listed: to be delisted.",
            Outcome = V1.Outcome.ViolationConfirmed, Remedy = V1.Remedy.Delisted,
        });
        var first = await SnapshotAsync("delist-1", 0, Subject(1, V1.RegistryGround.WorkPermitEnded));
        var listed = await GetAsync(proposed.Name);

        var second = await SnapshotAsync("delist-2", 4, Listed(1, "SAFAROV", "ZAFAR", "1970-01-01", "411111111", V1.RegistryGround.SojournExpired));
        var delisted = await GetAsync(proposed.Name);

        Assert.Equal((true, first, V1.RegistryGround.WorkPermitEnded, Start), (listed.Registry.Listed, listed.Registry.Snapshot, listed.Registry.Ground, listed.Registry.Since.ToDateTime()));
        Assert.Null(listed.Registry.RemedyConfirmTime);
        Assert.False(delisted.Registry.Listed);
        Assert.Equal((second, Start.AddHours(4), $"{first}/records/1"), (delisted.Registry.Snapshot, delisted.Registry.Since.ToDateTime(), delisted.Registry.Record));
        Assert.NotNull(delisted.Registry.RemedyConfirmTime);
        Assert.Equal(proposed.Etag, delisted.Etag);
        var delisting = Assert.Single(await EventsAsync(proposed.Name, V1.CaseEventType.RegistryDelisted));
        Assert.Contains("\"remedy_confirmed\":\"true\"", delisting.Payload, StringComparison.Ordinal);
        Assert.Contains($"\"snapshot\":\"{second}\"", delisting.Payload, StringComparison.Ordinal);
        Assert.Single(await EventsAsync(proposed.Name, V1.CaseEventType.RegistryListed));
        var removal = Assert.Single(await DownloadAsync(_ruSupervisor, second, "kind = REMOVED"));
        Assert.Equal(proposed.Name, removal.Case);
    }

    [Fact]
    public async Task ADelistingWithoutADelistingRemedy_IsRecorded_ButConfirmsNoRemedy()
    {
        var investigating = await _host.ClientFor(Party.RU, Role.Investigator).InInvestigationAsync();
        await SnapshotAsync("plain-1", 0, Subject(1));
        await SnapshotAsync("plain-2", 4, Listed(1, "SAFAROV", "ZAFAR", "1970-01-01", "411111111", V1.RegistryGround.SojournExpired));

        var delisted = await GetAsync(investigating.Name);

        Assert.False(delisted.Registry.Listed);
        Assert.Null(delisted.Registry.RemedyConfirmTime);
        Assert.Contains("\"remedy_confirmed\":\"false\"", Assert.Single(await EventsAsync(investigating.Name, V1.CaseEventType.RegistryDelisted)).Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReturnedHomePerson_NewlyListed_GetsAProposalToFileACase_WhichBothPartiesSupervisorsRead()
    {
        await _host.ClientFor(Party.TJ, Role.MinistrySystem, "tj.mlme").ImportPersonListAsync(Header("home", V1.PersonListKind.ReturnedHomeList),
            [Person(1, "Сафаров", "Зафар", "1970-01-01", "411111111")]);
        await SnapshotAsync("home-1", 0, Listed(1, "NAZAROV", "ANVAR", "1980-02-02", "422222222", V1.RegistryGround.WorkPermitEnded));
        var second = await SnapshotAsync("home-2", 4,
            Listed(1, "NAZAROV", "ANVAR", "1980-02-02", "422222222", V1.RegistryGround.WorkPermitEnded),
            Listed(2, "SAFAROV", "ZAFAR", "1970-01-01", "411111111", V1.RegistryGround.SojournExpired));

        var forRu = await DownloadAsync(_ruSupervisor, second, "proposal != REGISTRY_PROPOSAL_UNSPECIFIED");
        var forTj = await DownloadAsync(_tjSupervisor, second, "proposal = FILE_CASE");

        var proposal = Assert.Single(forRu);
        Assert.Equal((Kind.Added, V1.RegistryProposal.FileCase, V1.ReconciliationOutcome.ReturnedHome, "reconciliations/tj-home/records/1"),
            (proposal.Kind, proposal.Proposal, proposal.Result.Outcome, proposal.Result.MatchedRecord));
        var seenByTj = Assert.Single(forTj);
        Assert.Equal(string.Empty, seenByTj.Result.Record.PassportNumber);
        Assert.Equal(["record.passport_number"], seenByTj.Result.RedactedFields);
        var counts = (await _ruSupervisor.Reconciliations.GetReconciliationAsync(new V1.GetReconciliationRequest { Name = second })).ChangeCounts;
        Assert.Equal(1L, counts["REGISTRY_PROPOSAL_FILE_CASE"]);
    }

    [Fact]
    public async Task TheSubjectOfACaseClosedByDelisting_ListedAgain_GetsAProposalToReopen_AndANoticeToBothPartiesSupervisors()
    {
        var closed = await CloseWithDelistingAsync();
        await SnapshotAsync("again-listed-1", 0, Subject(1));
        await SnapshotAsync("again-listed-2", 4, Listed(1, "SAFAROV", "ZAFAR", "1970-01-01", "411111111", V1.RegistryGround.SojournExpired));
        var third = await SnapshotAsync("again-listed-3", 8, Subject(7, V1.RegistryGround.SojournReduced));

        var change = Assert.Single(await DownloadAsync(_tjSupervisor, third, "proposal = REOPEN_CASE"));
        var listings = await EventsAsync(closed.Name, V1.CaseEventType.RegistryListed);
        var relisted = await GetAsync(closed.Name);

        Assert.Equal((closed.Name, Kind.Added), (change.Case, change.Kind));
        Assert.Equal(2, listings.Count);
        Assert.Contains("\"proposal\":\"REGISTRY_PROPOSAL_REOPEN_CASE\"", listings[1].Payload, StringComparison.Ordinal);
        Assert.Contains("\"notified\":\"RU supervisors; TJ supervisors\"", listings[1].Payload, StringComparison.Ordinal);
        Assert.DoesNotContain("400123456", listings[1].Payload, StringComparison.Ordinal);
        Assert.DoesNotContain("RAKHMONOV", listings[1].Payload, StringComparison.Ordinal);
        Assert.Equal((true, V1.RegistryGround.SojournReduced, Start.AddHours(8), V1.Stage.Closed),
            (relisted.Registry.Listed, relisted.Registry.Ground, relisted.Registry.Since.ToDateTime(), relisted.Stage));
    }

    [Fact]
    public async Task TheSubjectOfAnOpenCase_OnTheReturnedHomeList_NewlyListed_GetsAProposalToProposeReturnedHome_WhichTheSupervisorCanAct()
    {
        var open = await _host.ClientFor(Party.RU, Role.Investigator).InInvestigationAsync();
        await _host.ClientFor(Party.TJ, Role.MinistrySystem, "tj.mlme").ImportPersonListAsync(Header("home-open", V1.PersonListKind.ReturnedHomeList),
            [Person(1, "Раҳмонов", "Фарруҳ", "1990-04-12", "400123456")]);
        await SnapshotAsync("open-1", 0, Listed(1, "SAFAROV", "ZAFAR", "1970-01-01", "411111111", V1.RegistryGround.SojournExpired));
        var second = await SnapshotAsync("open-2", 4, Listed(1, "SAFAROV", "ZAFAR", "1970-01-01", "411111111", V1.RegistryGround.SojournExpired), Subject(2));

        var change = Assert.Single(await DownloadAsync(_ruSupervisor, second, "proposal = PROPOSE_RETURNED_HOME"));
        var proposed = await _ruSupervisor.Reconciliations.ProposeReturnedHomeAsync(new V1.ProposeReturnedHomeRequest { Parent = second, Lines = { 2 } });

        Assert.Equal((open.Name, V1.ReconciliationOutcome.MatchedOpenCase), (change.Case, change.Result.Outcome));
        Assert.Contains("\"proposal\":\"REGISTRY_PROPOSAL_PROPOSE_RETURNED_HOME\"", Assert.Single(await EventsAsync(open.Name, V1.CaseEventType.RegistryListed)).Payload, StringComparison.Ordinal);
        Assert.Equal(open.Name, Assert.Single(proposed.Results).Case);
        Assert.Equal(V1.Outcome.AlreadyReturnedHome, (await GetAsync(open.Name)).Resolution.ProposedOutcome);
    }

    [Fact]
    public async Task AnAmbiguousRecord_OfTheOtherPartysCaseWhosePassportIsWithheld_MovesNoCase()
    {
        var theirs = await _host.ClientFor(Party.TJ, Role.Investigator).CreateAsync(); // RAKHMONOV FARRUKH, 1990-04-12, no consent
        var first = await SnapshotAsync("withheld-1", 0, Listed(1, "RAKHMONOV", "FERRUKH", "1990-04-12", "400123456", V1.RegistryGround.SojournExpired));
        var second = await SnapshotAsync("withheld-2", 4, Listed(1, "SAFAROV", "ZAFAR", "1970-01-01", "411111111", V1.RegistryGround.SojournExpired));

        var listed = Assert.Single(await _ruSupervisor.ResultsAsync(first));
        var removal = Assert.Single(await DownloadAsync(_ruSupervisor, second, "kind = REMOVED"));
        var untouched = await _host.ClientFor(Party.TJ, Role.Supervisor).Cases.GetCaseAsync(new V1.GetCaseRequest { Name = theirs.Name });

        Assert.Equal(V1.ReconciliationOutcome.Ambiguous, listed.Outcome);
        Assert.Equal(string.Empty, removal.Case);
        Assert.Null(untouched.Registry);
        Assert.Equal(theirs.Etag, untouched.Etag);
        Assert.Empty(await EventsAsync(theirs.Name, V1.CaseEventType.RegistryListed));
        Assert.Empty(await EventsAsync(theirs.Name, V1.CaseEventType.RegistryDelisted));
    }

    private async Task<V1.Case> CloseWithDelistingAsync()
    {
        var investigating = await _host.ClientFor(Party.RU, Role.Investigator).InInvestigationAsync();
        var proposed = await _ruSupervisor.Cases.ProposeResolutionAsync(new V1.ProposeResolutionRequest
        {
            Name = investigating.Name, Etag = investigating.Etag, Findings = "Wrongly listed: to be delisted.",
            Outcome = V1.Outcome.ViolationConfirmed, Remedy = V1.Remedy.Delisted,
        });
        var signed = await _ruSupervisor.Cases.SignOffResolutionAsync(new V1.SignOffResolutionRequest { Name = proposed.Name, Etag = proposed.Etag });
        return await _tjSupervisor.Cases.SignOffResolutionAsync(new V1.SignOffResolutionRequest { Name = signed.Name, Etag = signed.Etag });
    }

    [Fact]
    public async Task ListCases_FiltersOnWhetherTheSubjectIsOnTheLatestSnapshot()
    {
        var investigator = _host.ClientFor(Party.RU, Role.Investigator);
        var onTheRegistry = await investigator.CreateAsync();
        var never = await investigator.CreateAsync(NewCase("SAIDOV BAHROM", "Саидов Бахром", "Саидов Баҳром"));
        await SnapshotAsync("filter-1", 0, Subject(1));

        var listed = await _ruSupervisor.Cases.ListCasesAsync(new V1.ListCasesRequest { Filter = "registry.listed = true" });
        var notListed = await _ruSupervisor.Cases.ListCasesAsync(new V1.ListCasesRequest { Filter = "registry.listed = false" });
        var bad = await RefusedAsync(() => _ruSupervisor.Cases.ListCasesAsync(new V1.ListCasesRequest { Filter = "registry.listed = yes" }).ResponseAsync);

        Assert.Equal([onTheRegistry.Name], listed.Cases.Select(c => c.Name));
        Assert.Equal([never.Name], notListed.Cases.Select(c => c.Name));
        Assert.Null(notListed.Cases[0].Registry);
        AssertStatus(bad, StatusCode.InvalidArgument, "INVALID_FILTER");
    }

    [Fact]
    public async Task ARecordWithAGroundTheContractDoesNotDefine_IsInvalid_AndChangesNothing()
    {
        var snapshot = await SnapshotAsync("ground-1", 0, Listed(1, "SAFAROV", "ZAFAR", "1970-01-01", "411111111", (V1.RegistryGround)99));

        var result = Assert.Single(await _ruSupervisor.ResultsAsync(snapshot));

        Assert.Equal((V1.ReconciliationOutcome.Invalid, "ground: not a registry ground"), (result.Outcome, result.InvalidReason));
    }

    public void Dispose() => _host.Dispose();
}
