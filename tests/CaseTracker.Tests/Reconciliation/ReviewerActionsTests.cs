using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using Grpc.Core;
using static CaseTracker.Tests.Support.Drafts;
using static CaseTracker.Tests.Support.PersonLists;

namespace CaseTracker.Tests.Reconciliation;

/// <summary>What reviewers do with a reconciliation: decide on candidates, file cases in bulk, propose "already returned home".</summary>
public sealed class ReviewerActionsTests : IDisposable
{
    private readonly CaseTrackerHost _host = new();
    private readonly CaseTrackerClient _ruMinistry;
    private readonly CaseTrackerClient _supervisor;

    public ReviewerActionsTests()
    {
        _ruMinistry = _host.ClientFor(Party.RU, Role.MinistrySystem, "ru.mvd");
        _supervisor = _host.ClientFor(Party.RU, Role.Supervisor, "ru.ivanova");
    }

    private async Task<V1.ReconciliationResult> ResultAsync(string reconciliation, long line) =>
        (await _supervisor.Reconciliations.ListReconciliationResultsAsync(new V1.ListReconciliationResultsRequest { Parent = reconciliation, PageSize = 1000 }))
            .Results.Single(r => r.Record.Line == line);

    private Task<V1.ReconciliationResult> DecideAsync(string record, V1.MatchDecision decision) =>
        _supervisor.Reconciliations.DecideMatchAsync(new V1.DecideMatchRequest { Name = record, Decision = decision, Reason = "Checked the file." }).ResponseAsync;

    [Fact]
    public async Task AnAmbiguousCandidate_ConfirmedThenRejectedThenReopened_ChangesTheOutcomeEachTime_AndEachDecisionIsACaseEvent()
    {
        var known = await _host.ClientFor(Party.TJ, Role.Investigator).CreateAsync(); // RAKHMONOV FARRUKH, 1990-04-12
        var imported = await _ruMinistry.ImportPersonListAsync(Header("decide"), [Person(1, "RAKHMONOV", "FERRUKH", "1990-04-12")]);
        var reconciliation = imported.Response.Unpack<V1.Reconciliation>().Name;
        var record = $"{reconciliation}/records/1";
        Assert.Equal((V1.ReconciliationOutcome.Ambiguous, known.Name), ((await ResultAsync(reconciliation, 1)).Outcome, (await ResultAsync(reconciliation, 1)).MatchedCase));

        var confirmed = await DecideAsync(record, V1.MatchDecision.Confirm);
        var counts = (await _supervisor.Reconciliations.GetReconciliationAsync(new V1.GetReconciliationRequest { Name = reconciliation })).OutcomeCounts;
        var rejected = await DecideAsync(record, V1.MatchDecision.Reject);
        var reopened = await DecideAsync(record, V1.MatchDecision.Reopen);

        Assert.Equal(
            [V1.ReconciliationOutcome.MatchedOpenCase, V1.ReconciliationOutcome.NoMatch, V1.ReconciliationOutcome.Ambiguous],
            new[] { confirmed, rejected, reopened }.Select(r => r.Outcome));
        Assert.Equal((1L, 0L), (counts["RECONCILIATION_OUTCOME_MATCHED_OPEN_CASE"], counts["RECONCILIATION_OUTCOME_AMBIGUOUS"]));
        var decided = (await _supervisor.Cases.ListCaseEventsAsync(new V1.ListCaseEventsRequest { Case = known.Name })).CaseEvents
            .Where(e => e.Type == V1.CaseEventType.ListMatchDecided).ToList();
        Assert.Equal(3, decided.Count);
        Assert.Contains("\"decision\":\"MATCH_DECISION_CONFIRM\"", decided[0].Payload, StringComparison.Ordinal);
        Assert.Equal("ru.ivanova", decided[0].Actor);
        Assert.Equal(known.Etag, (await _supervisor.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = known.Name })).Etag);
    }

    [Fact]
    public async Task Decisions_ThatChangeNothing_OnRecordsWithoutACandidate_OrByInvestigators_AreRefused()
    {
        await _host.ClientFor(Party.TJ, Role.Investigator).CreateAsync();
        var imported = await _ruMinistry.ImportPersonListAsync(Header("refused"),
            [Person(1, "RAKHMONOV", "FERRUKH", "1990-04-12"), Person(2, "SAFAROV", "ZAFAR", "1970-01-01")]);
        var reconciliation = imported.Response.Unpack<V1.Reconciliation>().Name;

        var unchanged = await RefusedAsync(() => DecideAsync($"{reconciliation}/records/1", V1.MatchDecision.Reopen));
        var noCandidate = await RefusedAsync(() => DecideAsync($"{reconciliation}/records/2", V1.MatchDecision.Confirm));
        var missing = await RefusedAsync(() => DecideAsync($"{reconciliation}/records/9", V1.MatchDecision.Confirm));
        var investigator = await RefusedAsync(() => _host.ClientFor(Party.RU, Role.Investigator).Reconciliations
            .DecideMatchAsync(new V1.DecideMatchRequest { Name = $"{reconciliation}/records/1", Decision = V1.MatchDecision.Confirm, Reason = "Sure." }).ResponseAsync);

        AssertStatus(unchanged, StatusCode.FailedPrecondition, "DECISION_UNCHANGED");
        AssertStatus(noCandidate, StatusCode.FailedPrecondition, "NO_CANDIDATE");
        AssertStatus(missing, StatusCode.NotFound, "RECORD_NOT_FOUND");
        AssertStatus(investigator, StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED");
    }

    [Fact]
    public async Task ReviewerActions_OnTheOtherPartysReconciliation_AreRefused_AndChangeNothing_WhileACoChairMayAct()
    {
        await _host.ClientFor(Party.RU, Role.Investigator).CreateAsync(); // RAKHMONOV FARRUKH, 1990-04-12
        var imported = await _host.ClientFor(Party.TJ, Role.MinistrySystem, "tj.mlme").ImportPersonListAsync(Header("tj-own"),
            [Person(1, "RAKHMONOV", "FERRUKH", "1990-04-12", "PX7788991")]);
        var reconciliation = imported.Response.Unpack<V1.Reconciliation>().Name;
        var record = $"{reconciliation}/records/1";
        var before = await ResultAsync(reconciliation, 1);

        var decide = await RefusedAsync(() => DecideAsync(record, V1.MatchDecision.Reject));
        var open = await RefusedAsync(() => _supervisor.Reconciliations.OpenCasesForRecordsAsync(new V1.OpenCasesForRecordsRequest
        {
            Parent = reconciliation,
            Records = { new V1.RecordSelection { Line = 1, RequestId = Guid.NewGuid().ToString() } },
            Template = new V1.CaseTemplate { IntakeChannel = V1.IntakeChannel.MinistrySystem, EnforcementActionType = V1.EnforcementActionType.ExpulsionOrder },
        }).ResponseAsync);
        var propose = await RefusedAsync(() => _supervisor.Reconciliations.ProposeReturnedHomeAsync(
            new V1.ProposeReturnedHomeRequest { Parent = reconciliation, Lines = { 1 } }).ResponseAsync);
        var coChair = await _host.ClientFor(Party.RU, Role.CoChair).Reconciliations.DecideMatchAsync(
            new V1.DecideMatchRequest { Name = record, Decision = V1.MatchDecision.Reject, Reason = "Checked jointly." });

        AssertStatus(decide, StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED");
        AssertStatus(open, StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED");
        AssertStatus(propose, StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED");
        Assert.Contains("only TJ's people and the co-chairs", decide.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(V1.ReconciliationOutcome.Ambiguous, before.Outcome);
        Assert.Equal(V1.ReconciliationOutcome.NoMatch, coChair.Outcome);
    }

    [Fact]
    public async Task ACaseTheOtherPartysCoChairFilesForARecord_IsTheListsPartys_SoThePassportStaysWithheldFromTheCoChairsOwnPeople()
    {
        var imported = await _host.ClientFor(Party.TJ, Role.MinistrySystem, "tj.mlme").ImportPersonListAsync(Header("tj-for-ru-co-chair"),
            [Person(1, "NOSIROV", "BAHROM", "1961-07-30", "PX5566770")]);
        var reconciliation = imported.Response.Unpack<V1.Reconciliation>().Name;

        var opened = await _host.ClientFor(Party.RU, Role.CoChair, "ru.cochair").Reconciliations.OpenCasesForRecordsAsync(new V1.OpenCasesForRecordsRequest
        {
            Parent = reconciliation,
            Records = { new V1.RecordSelection { Line = 1, RequestId = Guid.NewGuid().ToString() } },
            Template = new V1.CaseTemplate { IntakeChannel = V1.IntakeChannel.MinistrySystem, EnforcementActionType = V1.EnforcementActionType.ExpulsionOrder },
        });
        var name = opened.Results.Single().Case;
        var byRussia = await _host.ClientFor(Party.RU, Role.Investigator, "ru.petrov").Cases.GetCaseAsync(new V1.GetCaseRequest { Name = name });
        var byTajikistan = await _host.ClientFor(Party.TJ, Role.Investigator, "tj.rahimov").Cases.GetCaseAsync(new V1.GetCaseRequest { Name = name });

        Assert.Equal(V1.Party.Tj, byRussia.FilingParty);
        Assert.Equal("", byRussia.Subject.PassportNumber);
        Assert.Equal("PX5566770", byTajikistan.Subject.PassportNumber);
    }

    [Fact]
    public async Task OpenCasesForRecords_FilesOneCasePerRecordUnderItsOwnRequestId_AndARetryFilesNothingTwice()
    {
        var imported = await _ruMinistry.ImportPersonListAsync(Header("open"),
            [Person(1, "Ҳайдаров", "Умед", "1988-02-17", "400555111"), Person(2, "SAFAROV", "ZAFAR", "1970-01-01"), Person(3, "", "X", "1970-01-01")]);
        var reconciliation = imported.Response.Unpack<V1.Reconciliation>().Name;
        var request = new V1.OpenCasesForRecordsRequest
        {
            Parent = reconciliation,
            Records =
            {
                new V1.RecordSelection { Line = 1, RequestId = Guid.NewGuid().ToString() },
                new V1.RecordSelection { Line = 2, RequestId = Guid.NewGuid().ToString() },
                new V1.RecordSelection { Line = 3, RequestId = Guid.NewGuid().ToString() },
            },
            Template = new V1.CaseTemplate
            {
                IntakeChannel = V1.IntakeChannel.MinistrySystem,
                EnforcementActionType = V1.EnforcementActionType.ExpulsionOrder,
                Region = "Moscow",
                Allegations = { V1.AllegationCode.WrongfulListingAlreadyLeft },
            },
        };

        var first = await _supervisor.Reconciliations.OpenCasesForRecordsAsync(request);
        var retried = await _supervisor.Reconciliations.OpenCasesForRecordsAsync(request);

        Assert.Equal(first, retried);
        Assert.Equal(("RECORD_INVALID", ""), (first.Results[2].Reason, first.Results[2].Case));
        var filed = await _supervisor.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = first.Results[0].Case });
        Assert.Equal(("Ҳайдаров Умед", "400555111", V1.Stage.Intake), (filed.Subject.NameTajik, filed.Subject.PassportNumber, filed.Stage));
        Assert.Equal(2, (await _supervisor.Cases.ListCasesAsync(new V1.ListCasesRequest())).Cases.Count);
        var linked = await ResultAsync(reconciliation, 1);
        Assert.Equal((V1.ReconciliationOutcome.MatchedOpenCase, filed.Name), (linked.Outcome, linked.MatchedCase));
    }

    [Fact]
    public async Task ProposeReturnedHome_ProposesAlreadyReturnedHomeForTheCaseOfAPersonOnTheOtherPartysList_WhichBothPartiesThenSignOff()
    {
        var investigating = await _host.ClientFor(Party.TJ, Role.Investigator).InInvestigationAsync(); // RAKHMONOV FARRUKH, 1990-04-12, 400123456
        await _host.ClientFor(Party.TJ, Role.MinistrySystem).ImportPersonListAsync(Header("home", V1.PersonListKind.ReturnedHomeList),
            [Person(1, "Раҳмонов", "Фарруҳ", "1990-04-12", "400123456")]);
        var imported = await _ruMinistry.ImportPersonListAsync(Header("expel"), [Person(1, "RAHMONOV", "FARRUH", "1990-04-12"), Person(2, "SAFAROV", "ZAFAR", "1970-01-01")]);
        var reconciliation = imported.Response.Unpack<V1.Reconciliation>().Name;
        var matched = await ResultAsync(reconciliation, 1);
        Assert.Equal((V1.ReconciliationOutcome.MatchedOpenCase, investigating.Name, "reconciliations/tj-home/records/1"),
            (matched.Outcome, matched.MatchedCase, matched.MatchedRecord));

        var proposed = await _supervisor.Reconciliations.ProposeReturnedHomeAsync(new V1.ProposeReturnedHomeRequest { Parent = reconciliation, Lines = { 1, 2 } });
        var again = await _supervisor.Reconciliations.ProposeReturnedHomeAsync(new V1.ProposeReturnedHomeRequest { Parent = reconciliation, Lines = { 1 } });
        var stageClocks = (await _supervisor.Cases.ListDeadlinesAsync(new V1.ListDeadlinesRequest { Parent = investigating.Name })).Deadlines
            .Where(d => d.Clock == V1.ClockKind.Stage).ToList();
        await _supervisor.Cases.SignOffResolutionAsync(new V1.SignOffResolutionRequest { Name = investigating.Name });
        var closed = await _host.ClientFor(Party.TJ, Role.Supervisor).Cases.SignOffResolutionAsync(new V1.SignOffResolutionRequest { Name = investigating.Name });

        Assert.Equal(investigating.Name, proposed.Results[0].Case);
        Assert.Equal("NOT_RETURNED_HOME", proposed.Results[1].Reason);
        Assert.Equal(
            [(V1.Stage.Intake, V1.Party.Tj, V1.DeadlineState.Met), (V1.Stage.Investigation, V1.Party.Ru, V1.DeadlineState.Met), (V1.Stage.Investigation, V1.Party.Tj, V1.DeadlineState.Met),
                (V1.Stage.Resolution, V1.Party.Ru, V1.DeadlineState.Running), (V1.Stage.Resolution, V1.Party.Tj, V1.DeadlineState.Running)],
            stageClocks.Select(d => (d.Stage, d.OwingParty, d.State)).Order());
        Assert.Equal(investigating.Name, again.Results[0].Case);
        Assert.Equal((V1.Stage.Closed, V1.Outcome.AlreadyReturnedHome), (closed.Stage, closed.Outcome));
        Assert.Contains("reconciliations/tj-home/records/1", closed.Resolution.Findings, StringComparison.Ordinal);
    }

    public void Dispose() => _host.Dispose();
}
