using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using static CaseTracker.Tests.Support.Drafts;
using static CaseTracker.Tests.Support.PersonLists;

namespace CaseTracker.Tests.Reconciliation;

/// <summary>Importing a list through the client: outcomes per record, idempotent re-import, resume, bad records.</summary>
public sealed class ImportPersonListTests : IDisposable
{
    private readonly CaseTrackerHost _host = new();
    private readonly CaseTrackerClient _ruMinistry;
    private readonly CaseTrackerClient _tjMinistry;

    public ImportPersonListTests()
    {
        _ruMinistry = _host.ClientFor(Party.RU, Role.MinistrySystem, "ru.mvd");
        _tjMinistry = _host.ClientFor(Party.TJ, Role.MinistrySystem, "tj.migration");
    }

    private async Task<Dictionary<long, V1.ReconciliationResult>> ResultsAsync(string reconciliation) =>
        (await _ruMinistry.ResultsAsync(reconciliation)).ToDictionary(result => result.Record.Line);

    [Fact]
    public async Task AnExpulsionList_IsReconciledAgainstCasesAndTheOtherPartysReturnedHomeList()
    {
        var open = await _tjMinistry.CreateAsync(NewCase("RAKHMONOV FARRUKH", "Рахмонов Фаррух", "Раҳмонов Фарруҳ"));
        var closing = await _host.ClientFor(Party.TJ, Role.Investigator).InResolutionAsync(NewCase("QODIROV SINO", "Кодиров Сино", "Қодиров Сино"));
        await _host.ClientFor(Party.RU, Role.Supervisor).Cases.SignOffResolutionAsync(new V1.SignOffResolutionRequest { Name = closing.Name });
        await _host.ClientFor(Party.TJ, Role.Supervisor).Cases.SignOffResolutionAsync(new V1.SignOffResolutionRequest { Name = closing.Name });
        await _tjMinistry.ImportPersonListAsync(Header("returned-2026-10", V1.PersonListKind.ReturnedHomeList),
            [Person(1, "Ҳайдаров", "Умед", "1988-02-17", "400555111")]);

        var operation = await _ruMinistry.ImportPersonListAsync(Header("expulsions-2026-11"),
        [
            Person(1, "RAHMONOV", "FARRUH", "1990-04-12"),
            Person(2, "KODIROV", "SINO", "1990-04-12"),
            Person(3, "KHAYDAROV", "UMED", "1988-02-17", "400 555-111"),
            Person(4, "NAZAROV", "FIRUZ", "1979-09-30", "400000001"),
            Person(5, "", "ANVAR", "1990-13-45"),
        ]);

        Assert.True(operation.Done);
        var reconciliation = operation.Response.Unpack<V1.Reconciliation>();
        Assert.Equal(("reconciliations/ru-expulsions-2026-11", V1.Reconciliation.Types.State.Done, 5L), (reconciliation.Name, reconciliation.State, reconciliation.Records));
        var results = await ResultsAsync(reconciliation.Name);
        Assert.Equal((V1.ReconciliationOutcome.MatchedOpenCase, open.Name), (results[1].Outcome, results[1].MatchedCase));
        Assert.Equal((V1.ReconciliationOutcome.MatchedClosedCase, closing.Name), (results[2].Outcome, results[2].MatchedCase));
        Assert.Equal((V1.ReconciliationOutcome.ReturnedHome, "reconciliations/tj-returned-2026-10/records/1"), (results[3].Outcome, results[3].MatchedRecord));
        Assert.Equal(V1.ReconciliationOutcome.NoMatch, results[4].Outcome);
        Assert.Equal((V1.ReconciliationOutcome.Invalid, "surname: required; date_of_birth: not a date (YYYY-MM-DD)"), (results[5].Outcome, results[5].InvalidReason));
        Assert.Equal(1, reconciliation.OutcomeCounts["RECONCILIATION_OUTCOME_INVALID"]);
    }

    [Fact]
    public async Task SendingTheSameImportAgain_AddsNoRecordAndCountsNothingTwice()
    {
        V1.PersonRecord[] records = [Person(1, "SAIDOV", "ANVAR", "1991-01-01"), Person(2, "UMAROV", "SORBON", "1992-02-02")];
        await _ruMinistry.ImportPersonListAsync(Header("twice"), records);

        var again = await _ruMinistry.ImportPersonListAsync(Header("twice"), records);

        var reconciliation = again.Response.Unpack<V1.Reconciliation>();
        Assert.Equal((2L, 2L), (reconciliation.Records, reconciliation.OutcomeCounts["RECONCILIATION_OUTCOME_NO_MATCH"]));
    }

    [Fact]
    public async Task AnImportCutOffMidway_IsResumedBySendingItAgain_AndEndsWithEveryRecordOnce()
    {
        var records = Enumerable.Range(1, 2_500).Select(i => Person(i, "SAIDOV", "ANVAR", $"19{60 + (i % 40):D2}-01-{1 + (i % 28):D2}", $"P{i:D8}")).ToList();
        using (var cut = new CancellationTokenSource())
        {
            using var call = _ruMinistry.Reconciliations.ImportPersonList(cancellationToken: cut.Token);
            await call.RequestStream.WriteAsync(new V1.ImportPersonListRequest { Header = Header("resumed"), Records = { records.Take(1_000) } });
            await call.RequestStream.WriteAsync(new V1.ImportPersonListRequest { Records = { records.Skip(1_000).Take(1_000) } });
            await _ruMinistry.WaitForRecordsAsync("reconciliations/ru-resumed", 2_000);
            await cut.CancelAsync(); // the connection drops before the last message
        }
        var interrupted = await _ruMinistry.Reconciliations.GetReconciliationAsync(new V1.GetReconciliationRequest { Name = "reconciliations/ru-resumed" });

        var resumed = await _ruMinistry.ImportPersonListAsync(Header("resumed"), records);

        Assert.Equal((V1.Reconciliation.Types.State.Receiving, 2_000L), (interrupted.State, interrupted.Records));
        var done = resumed.Response.Unpack<V1.Reconciliation>();
        Assert.Equal((V1.Reconciliation.Types.State.Done, 2_500L, 2_500L), (done.State, done.Records, done.OutcomeCounts["RECONCILIATION_OUTCOME_NO_MATCH"]));
        Assert.Equal(Enumerable.Range(1, 2_500).Select(i => (long)i), (await ResultsAsync(done.Name)).Keys.Order());
    }

    [Fact]
    public async Task BadRecords_AreReportedWithTheirLineAndReason_AndTheRestIsReconciled()
    {
        var operation = await _ruMinistry.ImportPersonListAsync(Header("bad"),
        [
            Person(1, "SAIDOV", "ANVAR", "1991-02-30"),
            Person(2, "SAIDOV", "ANVAR", "2999-01-01"),
            Person(3, new string('A', 150), "ANVAR", "1991-01-01"),
            Person(4, "SAIDOV", "ANVAR", "1991-01-01", new string('9', 40)),
            Person(5, "SAIDOV", "ANVAR", ""),
            Person(6, "SAIDOV", "ANVAR", "1991-01-01"),
        ]);

        var results = await ResultsAsync(operation.Response.Unpack<V1.Reconciliation>().Name);
        Assert.Equal(
            [
                (1L, "date_of_birth: not a date (YYYY-MM-DD)"), (2L, "date_of_birth: in the future"), (3L, "surname: longer than 100 characters"),
                (4L, "passport_number: longer than 32 characters"), (5L, "date_of_birth: required"),
            ],
            results.Values.Where(r => r.Outcome == V1.ReconciliationOutcome.Invalid).Select(r => (r.Record.Line, r.InvalidReason)));
        Assert.Equal(V1.ReconciliationOutcome.NoMatch, results[6].Outcome);
        Assert.Equal(100, results[3].Record.Surname.Length);
    }

    [Fact]
    public async Task TheSameListSentAgain_WithAnAsOfTimeFinerThanAMicrosecond_IsTheSameImport_OnEitherDatabase()
    {
        var header = Header("fine-time");
        header.AsOfTime = Timestamp.FromDateTime(new DateTime(2026, 11, 1, 8, 30, 15, DateTimeKind.Utc).AddTicks(1_234_567));

        var first = await _ruMinistry.ImportPersonListAsync(header, [Person(1, "SAIDOV", "ANVAR", "1991-01-01")]);
        var again = await _ruMinistry.ImportPersonListAsync(header, [Person(1, "SAIDOV", "ANVAR", "1991-01-01")]);

        var list = again.Response.Unpack<V1.Reconciliation>();
        Assert.Equal(first.Response.Unpack<V1.Reconciliation>().Name, list.Name);
        Assert.Equal((1L, 123_456_000), (list.Records, list.Header.AsOfTime.Nanos));
    }

    [Fact]
    public async Task RecordsWithControlOrInvisibleCharacters_AreKeptInvalidWithoutThem_AndTheImportCompletes_OnEitherDatabase()
    {
        var operation = await _ruMinistry.ImportPersonListAsync(Header("hidden"),
        [
            Person(1, "SAI\0DOV", "ANVAR", "1991-01-01"),
            Person(2, "SAIDOV", "AN\u200BVAR", "1991-01-01", "P\u202E123"),
            Person(3, "SAIDOV", "ANVAR", "1991-01-0\u00001"),
            Person(4, "SAIDOV", "ANVAR", "1991-01-01"),
        ]);

        var done = operation.Response.Unpack<V1.Reconciliation>();
        var results = await ResultsAsync(done.Name);
        Assert.Equal((V1.Reconciliation.Types.State.Done, 4L), (done.State, done.Records));
        Assert.Equal(
            [
                (1L, "SAIDOV", "ANVAR", "surname: control, invisible or text-direction characters"),
                (2L, "SAIDOV", "ANVAR", "given_name: control, invisible or text-direction characters; passport_number: control, invisible or text-direction characters"),
                (3L, "SAIDOV", "ANVAR", "date_of_birth: control, invisible or text-direction characters"),
            ],
            results.Values.Where(r => r.Outcome == V1.ReconciliationOutcome.Invalid).Select(r => (r.Record.Line, r.Record.Surname, r.Record.GivenName, r.InvalidReason)));
        Assert.Equal(("P123", "1991-01-01"), (results[2].Record.PassportNumber, results[3].Record.DateOfBirth));
        Assert.Equal(V1.ReconciliationOutcome.NoMatch, results[4].Outcome);
    }

    [Fact]
    public async Task TheSameImportIdForAnotherList_IsRefused()
    {
        await _ruMinistry.ImportPersonListAsync(Header("reused"), [Person(1, "SAIDOV", "ANVAR", "1991-01-01")]);

        var error = await Assert.ThrowsAnyAsync<RpcException>(() =>
            _ruMinistry.ImportPersonListAsync(Header("reused", V1.PersonListKind.RegistrySnapshot), [Person(1, "SAIDOV", "ANVAR", "1991-01-01")]));

        AssertStatus(error, StatusCode.FailedPrecondition, "IMPORT_ID_REUSED");
    }

    [Fact]
    public async Task AMessageWithMoreThanAThousandRecords_IsRefused()
    {
        using var call = _ruMinistry.Reconciliations.ImportPersonList();
        await call.RequestStream.WriteAsync(new V1.ImportPersonListRequest
        {
            Header = Header("too-big"),
            Records = { Enumerable.Range(1, 1_001).Select(i => Person(i, "SAIDOV", "ANVAR", "1991-01-01")) },
        });
        await call.RequestStream.CompleteAsync();

        var error = await Assert.ThrowsAnyAsync<RpcException>(() => call.ResponseAsync);

        AssertStatus(error, StatusCode.InvalidArgument, "INVALID_REQUEST");
    }

    [Fact]
    public async Task Investigators_MayNotImportLists_ButReadTheResults()
    {
        var operation = await _ruMinistry.ImportPersonListAsync(Header("read"), [Person(1, "SAIDOV", "ANVAR", "1991-01-01")]);
        var investigator = _host.ClientFor(Party.TJ, Role.Investigator);

        var error = await Assert.ThrowsAnyAsync<RpcException>(() => investigator.ImportPersonListAsync(Header("mine"), [Person(1, "SAIDOV", "ANVAR", "1991-01-01")]));
        var page = await investigator.Reconciliations.ListReconciliationResultsAsync(new V1.ListReconciliationResultsRequest
        {
            Parent = operation.Response.Unpack<V1.Reconciliation>().Name,
            Filter = "outcome = RECONCILIATION_OUTCOME_NO_MATCH",
        });

        AssertStatus(error, StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED");
        Assert.Single(page.Results);
    }

    [Fact]
    public async Task Results_FilteredByLine_AreThatOneRecord_WhereverItIsInTheList()
    {
        var operation = await _ruMinistry.ImportPersonListAsync(Header("by-line"),
            [.. Enumerable.Range(1, 1_200).Select(i => Person(i, "SAIDOV", "ANVAR", "1991-01-01"))]);
        var list = operation.Response.Unpack<V1.Reconciliation>().Name;

        var page = await _ruMinistry.Reconciliations.ListReconciliationResultsAsync(new V1.ListReconciliationResultsRequest { Parent = list, Filter = "line = 1123" });
        var bad = await Assert.ThrowsAnyAsync<RpcException>(() =>
            _ruMinistry.Reconciliations.ListReconciliationResultsAsync(new V1.ListReconciliationResultsRequest { Parent = list, Filter = "line = 0" }).ResponseAsync);

        Assert.Equal(($"{list}/records/1123", 1123L), (Assert.Single(page.Results).Name, page.Results[0].Record.Line));
        AssertStatus(bad, StatusCode.InvalidArgument, "INVALID_FILTER");
    }

    public void Dispose() => _host.Dispose();
}
