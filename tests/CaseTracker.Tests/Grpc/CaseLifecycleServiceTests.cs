using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using Grpc.Core;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Grpc;

/// <summary>Every state change through the service, its refusals and the joint sign-off.</summary>
public sealed class CaseLifecycleServiceTests(CaseTrackerHost host) : IClassFixture<CaseTrackerHost>
{
    private readonly CaseTrackerClient _investigator = host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");
    private readonly CaseTrackerClient _ruSupervisor = host.ClientFor(Party.RU, Role.Supervisor, "ru.petrova");
    private readonly CaseTrackerClient _ruCoChair = host.ClientFor(Party.RU, Role.CoChair, "ru.cochair");
    private readonly CaseTrackerClient _tjSupervisor = host.ClientFor(Party.TJ, Role.Supervisor, "tj.nazarov");

    [Fact]
    public async Task Case_WalkedFromIntakeToClosed_EndsWithBothSignOffsAndTheOutcome()
    {
        var created = await _investigator.CreateAsync();
        var c = await _investigator.Cases.StartInvestigationAsync(new V1.StartInvestigationRequest { Name = created.Name, Etag = created.Etag });
        c = await _investigator.Cases.RequestResponseAsync(new V1.RequestResponseRequest
        {
            Name = c.Name, Etag = c.Etag, Party = V1.Party.Ru, Awaited = "The decision file from the Moscow directorate.",
        });
        Assert.Equal(V1.Party.Ru, c.AwaitingResponse.Party);
        c = await _investigator.Cases.RecordResponseAsync(new V1.RecordResponseRequest { Name = c.Name, Etag = c.Etag, Summary = "File received." });
        Assert.Null(c.AwaitingResponse);
        c = await _investigator.Cases.ProposeResolutionAsync(new V1.ProposeResolutionRequest
        {
            Name = c.Name, Etag = c.Etag, Findings = "Listed after leaving Russia.", Outcome = V1.Outcome.ViolationConfirmed, Remedy = V1.Remedy.Delisted,
        });
        Assert.Equal(V1.Stage.Resolution, c.Stage);
        c = await _ruSupervisor.Cases.SignOffResolutionAsync(new V1.SignOffResolutionRequest { Name = c.Name, Etag = c.Etag });
        Assert.Equal(V1.Stage.Resolution, c.Stage);
        c = await _tjSupervisor.Cases.SignOffResolutionAsync(new V1.SignOffResolutionRequest { Name = c.Name, Etag = c.Etag });

        Assert.Equal(V1.Stage.Closed, c.Stage);
        Assert.Equal(V1.Outcome.ViolationConfirmed, c.Outcome);
        Assert.NotNull(c.CloseTime);
        Assert.Equal(
            [("ru.petrova", V1.Party.Ru, V1.Role.Supervisor), ("tj.nazarov", V1.Party.Tj, V1.Role.Supervisor)],
            c.Resolution.SignOffs.Select(s => (s.Signer, s.Party, s.Role)));
    }

    [Fact]
    public async Task SignOff_BySecondSignerOfTheSameParty_IsRefusedAndTheCaseStaysInResolution()
    {
        var c = await _investigator.InResolutionAsync();
        c = await _ruSupervisor.Cases.SignOffResolutionAsync(new V1.SignOffResolutionRequest { Name = c.Name });

        var error = await RefusedAsync(() => _ruCoChair.Cases.SignOffResolutionAsync(new V1.SignOffResolutionRequest { Name = c.Name }).ResponseAsync);

        AssertStatus(error, StatusCode.FailedPrecondition, "PARTY_ALREADY_SIGNED_OFF");
        var current = await _investigator.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = c.Name });
        Assert.Equal(V1.Stage.Resolution, current.Stage);
        Assert.Single(current.Resolution.SignOffs);
    }

    [Fact]
    public async Task SignOff_OnFindingsProposedAgain_NeedsBothPartiesAgain()
    {
        var c = await _investigator.InResolutionAsync();
        await _ruSupervisor.Cases.SignOffResolutionAsync(new V1.SignOffResolutionRequest { Name = c.Name });
        await _investigator.Cases.ProposeResolutionAsync(new V1.ProposeResolutionRequest
        {
            Name = c.Name, Findings = "Revised.", Outcome = V1.Outcome.NoViolationFound,
        });

        var afterTj = await _tjSupervisor.Cases.SignOffResolutionAsync(new V1.SignOffResolutionRequest { Name = c.Name });

        Assert.Equal(V1.Stage.Resolution, afterTj.Stage);
        Assert.Equal([V1.Party.Tj], afterTj.Resolution.SignOffs.Select(s => s.Party));
    }

    [Fact]
    public async Task SignOff_ByAnInvestigator_IsPermissionDenied()
    {
        var c = await _investigator.InResolutionAsync();

        var error = await RefusedAsync(() => _investigator.Cases.SignOffResolutionAsync(new V1.SignOffResolutionRequest { Name = c.Name }).ResponseAsync);

        AssertStatus(error, StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED");
    }

    [Fact]
    public async Task ReturnToInvestigation_ByTheOtherParty_SendsFindingsBack()
    {
        var c = await _investigator.InResolutionAsync();

        var returned = await _ruSupervisor.Cases.ReturnToInvestigationAsync(new V1.ReturnToInvestigationRequest
        {
            Name = c.Name, Etag = c.Etag, Reason = "The border crossing record says otherwise.",
        });

        Assert.Equal(V1.Stage.Investigation, returned.Stage);
    }

    [Fact]
    public async Task ReopenCase_AfterClosing_ReturnsToInvestigationWithoutOutcome()
    {
        var c = await _investigator.InResolutionAsync();
        await _ruSupervisor.Cases.SignOffResolutionAsync(new V1.SignOffResolutionRequest { Name = c.Name });
        var closed = await _tjSupervisor.Cases.SignOffResolutionAsync(new V1.SignOffResolutionRequest { Name = c.Name });

        var reopened = await _investigator.Cases.ReopenCaseAsync(new V1.ReopenCaseRequest { Name = closed.Name, Etag = closed.Etag, Reason = "New evidence." });

        Assert.Equal(V1.Stage.Investigation, reopened.Stage);
        Assert.Equal(V1.Outcome.Unspecified, reopened.Outcome);
        Assert.Null(reopened.CloseTime);
    }

    [Fact]
    public async Task DeclareInadmissible_AtIntake_ClosesWithReason()
    {
        var c = await _investigator.CreateAsync();

        var closed = await _investigator.Cases.DeclareInadmissibleAsync(new V1.DeclareInadmissibleRequest { Name = c.Name, Reason = "Outside the mandate." });

        Assert.Equal((V1.Stage.Closed, V1.Outcome.Inadmissible, "Outside the mandate."), (closed.Stage, closed.Outcome, closed.CloseReason));
    }

    [Fact]
    public async Task WithdrawCase_AtIntake_ClosesAsWithdrawn()
    {
        var c = await _investigator.CreateAsync();

        var closed = await _investigator.Cases.WithdrawCaseAsync(new V1.WithdrawCaseRequest { Name = c.Name, Reason = "The family withdrew it." });

        Assert.Equal((V1.Stage.Closed, V1.Outcome.Withdrawn), (closed.Stage, closed.Outcome));
    }

    [Fact]
    public async Task AssignInvestigator_SetsTheLeadOfTheCallersParty()
    {
        var c = await _investigator.CreateAsync();

        await _ruSupervisor.Cases.AssignInvestigatorAsync(new V1.AssignInvestigatorRequest { Name = c.Name, InvestigatorId = "ru.ivanov" });
        var assigned = await _tjSupervisor.Cases.AssignInvestigatorAsync(new V1.AssignInvestigatorRequest { Name = c.Name, InvestigatorId = "tj.karimova" });

        Assert.Equal(
            [(V1.Party.Ru, "ru.ivanov"), (V1.Party.Tj, "tj.karimova")],
            assigned.LeadInvestigators.Select(l => (l.Party, l.InvestigatorId)));
    }

    [Fact]
    public async Task StartInvestigation_WithoutEnforcementAction_IsFailedPrecondition()
    {
        var draft = NewCase();
        draft.EnforcementAction = null;
        var c = await _investigator.CreateAsync(draft);

        var error = await RefusedAsync(() => _investigator.Cases.StartInvestigationAsync(new V1.StartInvestigationRequest { Name = c.Name }).ResponseAsync);

        AssertStatus(error, StatusCode.FailedPrecondition, "ENFORCEMENT_ACTION_REQUIRED");
    }

    [Fact]
    public async Task StartInvestigation_WithoutAllegation_IsFailedPrecondition()
    {
        var draft = NewCase();
        draft.Allegations.Clear();
        var c = await _investigator.CreateAsync(draft);

        var error = await RefusedAsync(() => _investigator.Cases.StartInvestigationAsync(new V1.StartInvestigationRequest { Name = c.Name }).ResponseAsync);

        AssertStatus(error, StatusCode.FailedPrecondition, "ALLEGATION_REQUIRED");
    }

    public static TheoryData<string> MovesOnAClosedCase => new()
    {
        "start-investigation", "propose", "return-to-investigation", "sign-off", "withdraw", "inadmissible", "request-response", "record-response", "update",
    };

    [Theory]
    [MemberData(nameof(MovesOnAClosedCase))]
    public async Task AnyMoveOnAClosedCase_IsCaseClosed(string move)
    {
        var closed = await _investigator.CreateAsync();
        closed = await _investigator.Cases.DeclareInadmissibleAsync(new V1.DeclareInadmissibleRequest { Name = closed.Name, Reason = "Outside the remit." });
        var name = closed.Name;

        Func<Task<V1.Case>> attempt = move switch
        {
            "start-investigation" => () => _investigator.Cases.StartInvestigationAsync(new V1.StartInvestigationRequest { Name = name }).ResponseAsync,
            "propose" => () => _investigator.Cases.ProposeResolutionAsync(new V1.ProposeResolutionRequest { Name = name, Findings = "x", Outcome = V1.Outcome.NoViolationFound }).ResponseAsync,
            "return-to-investigation" => () => _investigator.Cases.ReturnToInvestigationAsync(new V1.ReturnToInvestigationRequest { Name = name, Reason = "x" }).ResponseAsync,
            "sign-off" => () => _ruSupervisor.Cases.SignOffResolutionAsync(new V1.SignOffResolutionRequest { Name = name }).ResponseAsync,
            "withdraw" => () => _investigator.Cases.WithdrawCaseAsync(new V1.WithdrawCaseRequest { Name = name, Reason = "x" }).ResponseAsync,
            "inadmissible" => () => _investigator.Cases.DeclareInadmissibleAsync(new V1.DeclareInadmissibleRequest { Name = name, Reason = "x" }).ResponseAsync,
            "request-response" => () => _investigator.Cases.RequestResponseAsync(new V1.RequestResponseRequest { Name = name, Party = V1.Party.Ru, Awaited = "x" }).ResponseAsync,
            "record-response" => () => _investigator.Cases.RecordResponseAsync(new V1.RecordResponseRequest { Name = name, Summary = "x" }).ResponseAsync,
            _ => () => _investigator.Cases.UpdateCaseAsync(new V1.UpdateCaseRequest
            {
                Case = new V1.Case { Name = name, AllegationDetails = "x" }, UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "allegation_details" } },
            }).ResponseAsync,
        };
        var error = await RefusedAsync(attempt);

        AssertStatus(error, StatusCode.FailedPrecondition, "CASE_CLOSED");
        Assert.Equal("The case is closed; reopen it first.", error.Status.Detail);
    }

    public static TheoryData<string, string> RefusedMoves => new()
    {
        { "start-investigation-twice", "CASE_NOT_IN_INTAKE" },
        { "propose-at-intake", "CASE_NOT_IN_INVESTIGATION" },
        { "return-during-investigation", "CASE_NOT_IN_RESOLUTION" },
        { "sign-off-during-investigation", "CASE_NOT_IN_RESOLUTION" },
        { "reopen-open-case", "CASE_NOT_CLOSED" },
        { "withdraw-during-investigation", "CASE_NOT_IN_INTAKE" },
        { "inadmissible-during-investigation", "CASE_NOT_IN_INTAKE" },
        { "record-without-request", "NOT_AWAITING_RESPONSE" },
        { "request-twice", "ALREADY_AWAITING_RESPONSE" },
        { "update-closed-case", "CASE_CLOSED" },
    };

    [Theory]
    [MemberData(nameof(RefusedMoves))]
    public async Task IllegalMove_IsFailedPreconditionWithItsReason(string move, string reason)
    {
        var intake = await _investigator.CreateAsync();
        var investigating = await _investigator.InInvestigationAsync();

        Func<Task<V1.Case>> attempt = move switch
        {
            "start-investigation-twice" => () => _investigator.Cases.StartInvestigationAsync(new V1.StartInvestigationRequest { Name = investigating.Name }).ResponseAsync,
            "propose-at-intake" => () => _investigator.Cases.ProposeResolutionAsync(new V1.ProposeResolutionRequest { Name = intake.Name, Findings = "x", Outcome = V1.Outcome.NoViolationFound }).ResponseAsync,
            "return-during-investigation" => () => _investigator.Cases.ReturnToInvestigationAsync(new V1.ReturnToInvestigationRequest { Name = investigating.Name, Reason = "x" }).ResponseAsync,
            "sign-off-during-investigation" => () => _ruSupervisor.Cases.SignOffResolutionAsync(new V1.SignOffResolutionRequest { Name = investigating.Name }).ResponseAsync,
            "reopen-open-case" => () => _investigator.Cases.ReopenCaseAsync(new V1.ReopenCaseRequest { Name = investigating.Name, Reason = "x" }).ResponseAsync,
            "withdraw-during-investigation" => () => _investigator.Cases.WithdrawCaseAsync(new V1.WithdrawCaseRequest { Name = investigating.Name, Reason = "x" }).ResponseAsync,
            "inadmissible-during-investigation" => () => _investigator.Cases.DeclareInadmissibleAsync(new V1.DeclareInadmissibleRequest { Name = investigating.Name, Reason = "x" }).ResponseAsync,
            "record-without-request" => () => _investigator.Cases.RecordResponseAsync(new V1.RecordResponseRequest { Name = investigating.Name, Summary = "x" }).ResponseAsync,
            "request-twice" => async () =>
            {
                await _investigator.Cases.RequestResponseAsync(new V1.RequestResponseRequest { Name = investigating.Name, Party = V1.Party.Ru, Awaited = "x" });
                return await _investigator.Cases.RequestResponseAsync(new V1.RequestResponseRequest { Name = investigating.Name, Party = V1.Party.Tj, Awaited = "y" });
            },
            "update-closed-case" => async () =>
            {
                await _investigator.Cases.WithdrawCaseAsync(new V1.WithdrawCaseRequest { Name = intake.Name, Reason = "x" });
                return await _investigator.Cases.UpdateCaseAsync(new V1.UpdateCaseRequest
                {
                    Case = new V1.Case { Name = intake.Name, AllegationDetails = "x" },
                    UpdateMask = Google.Protobuf.WellKnownTypes.FieldMask.FromString("allegation_details"),
                });
            },
            _ => throw new ArgumentOutOfRangeException(nameof(move)),
        };

        var error = await RefusedAsync(attempt);

        AssertStatus(error, StatusCode.FailedPrecondition, reason);
    }

    [Fact]
    public async Task ProposeResolution_WithIntakeOnlyOutcomeOrMissingRemedy_IsInvalidArgument()
    {
        var c = await _investigator.InInvestigationAsync();

        var intakeOutcome = await RefusedAsync(() => _investigator.Cases.ProposeResolutionAsync(new V1.ProposeResolutionRequest
        {
            Name = c.Name, Findings = "x", Outcome = V1.Outcome.Withdrawn,
        }).ResponseAsync);
        var noRemedy = await RefusedAsync(() => _investigator.Cases.ProposeResolutionAsync(new V1.ProposeResolutionRequest
        {
            Name = c.Name, Findings = "x", Outcome = V1.Outcome.ViolationConfirmed,
        }).ResponseAsync);

        Assert.Equal("outcome", Assert.Single(intakeOutcome.FieldViolations()).Field);
        Assert.Equal("remedy", Assert.Single(noRemedy.FieldViolations()).Field);
    }
}
