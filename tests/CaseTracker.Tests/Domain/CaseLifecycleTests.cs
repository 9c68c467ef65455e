using CaseTracker.Server.Cases;

namespace CaseTracker.Tests.Domain;

/// <summary>The case's own rules, without gRPC or storage: every legal move and every refused one.</summary>
public sealed class CaseLifecycleTests
{
    private static readonly DateTime Now = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
    private static readonly Actor TjInvestigator = new("tj.investigator", Party.TJ, Role.Investigator);
    private static readonly Actor RuSupervisor = new("ru.supervisor", Party.RU, Role.Supervisor);
    private static readonly Actor RuCoChair = new("ru.co-chair", Party.RU, Role.CoChair);
    private static readonly Actor TjSupervisor = new("tj.supervisor", Party.TJ, Role.Supervisor);

    private static readonly Subject Subject = new(
        "Рахмонов Фаррух", "Раҳмонов Фарруҳ", "RAKHMONOV FARRUKH", new DateOnly(1990, 4, 12), "TJK", "400123456", "", "", "");

    private static readonly EnforcementAction Expulsion = new(
        EnforcementActionType.ExpulsionOrder, null, "ГУ МВД России по г. Москве", "Moscow", new DateOnly(2026, 2, 1), "77-123");

    private static Case Filed(EnforcementAction? action = null, bool withAllegation = true)
    {
        var details = new CaseDetails(IntakeChannel.Hotline, Priority.Normal, [], Subject, action,
            withAllegation ? [AllegationCode.WrongfulListingAlreadyLeft] : [], "Left Russia in 2024.");
        return Case.File(2026, 1, details, TjInvestigator, Now).Case;
    }

    private static Case InInvestigation()
    {
        var c = Filed(Expulsion);
        c.StartInvestigation(Now);
        return c;
    }

    private static Case InResolution()
    {
        var c = InInvestigation();
        c.ProposeResolution("Left Russia before the order.", Outcome.AlreadyReturnedHome, null, "", TjInvestigator, Now);
        return c;
    }

    private static Case Closed()
    {
        var c = InResolution();
        c.SignOffResolution(RuSupervisor, Now);
        c.SignOffResolution(TjSupervisor, Now);
        return c;
    }

    private static void AssertRefused(string reason, Action move) =>
        Assert.Equal(reason, Assert.Throws<CaseRuleException>(move).Reason);

    [Fact]
    public void File_IssuesReferenceInIntakeForTheFilersParty()
    {
        var (c, created) = Case.File(2026, 123, new CaseDetails(IntakeChannel.Hotline, Priority.Normal, [], Subject, null, [], ""), TjInvestigator, Now);

        Assert.Equal("TF-2026-000123", c.Reference);
        Assert.Equal("tf-2026-000123", c.Id);
        Assert.Equal(Stage.Intake, c.Stage);
        Assert.Equal(Party.TJ, c.FilingParty);
        Assert.Equal(CaseEventType.CaseCreated, created.Type);
        Assert.Equal("1", c.Etag);
    }

    [Fact]
    public void StartInvestigation_WithActionAndAllegation_MovesToInvestigation()
    {
        var c = Filed(Expulsion);

        var changed = c.StartInvestigation(Now);

        Assert.Equal(Stage.Investigation, c.Stage);
        Assert.Equal(CaseEventType.InvestigationStarted, changed.Type);
        Assert.Equal("2", c.Etag);
    }

    [Fact]
    public void StartInvestigation_WithoutEnforcementAction_IsRefused() =>
        AssertRefused(CaseRuleReasons.EnforcementActionRequired, () => Filed(action: null).StartInvestigation(Now));

    [Fact]
    public void StartInvestigation_WithoutAllegation_IsRefused() =>
        AssertRefused(CaseRuleReasons.AllegationRequired, () => Filed(Expulsion, withAllegation: false).StartInvestigation(Now));

    [Fact]
    public void StartInvestigation_OutsideIntake_IsRefused() =>
        AssertRefused(CaseRuleReasons.NotInIntake, () => InInvestigation().StartInvestigation(Now));

    [Fact]
    public void DeclareInadmissible_AtIntake_ClosesWithOutcomeAndReason()
    {
        var c = Filed();

        c.DeclareInadmissible("Not about an enforcement action.", Now);

        Assert.Equal(Stage.Closed, c.Stage);
        Assert.Equal(Outcome.Inadmissible, c.Outcome);
        Assert.Equal("Not about an enforcement action.", c.CloseReason);
        Assert.Equal(Now, c.CloseTime);
    }

    [Fact]
    public void Withdraw_AtIntake_ClosesAsWithdrawn()
    {
        var c = Filed();

        c.Withdraw("The family withdrew the complaint.", Now);

        Assert.Equal(Stage.Closed, c.Stage);
        Assert.Equal(Outcome.Withdrawn, c.Outcome);
    }

    [Fact]
    public void DeclareInadmissible_AfterIntake_IsRefused() =>
        AssertRefused(CaseRuleReasons.NotInIntake, () => InInvestigation().DeclareInadmissible("late", Now));

    [Fact]
    public void Withdraw_AfterIntake_IsRefused() =>
        AssertRefused(CaseRuleReasons.NotInIntake, () => InResolution().Withdraw("late", Now));

    [Fact]
    public void ProposeResolution_DuringInvestigation_MovesToResolutionWithNoSignOffs()
    {
        var c = InInvestigation();

        c.ProposeResolution("Findings.", Outcome.NoViolationFound, null, "", TjInvestigator, Now);

        Assert.Equal(Stage.Resolution, c.Stage);
        Assert.Equal("Findings.", c.Resolution!.Findings);
        Assert.Empty(c.Resolution.SignOffs);
    }

    [Fact]
    public void ProposeResolution_AtIntake_IsRefused() =>
        AssertRefused(CaseRuleReasons.NotInInvestigation,
            () => Filed(Expulsion).ProposeResolution("x", Outcome.NoViolationFound, null, "", TjInvestigator, Now));

    [Fact]
    public void ProposeResolution_WhenClosed_IsRefusedAsClosed() =>
        AssertRefused(CaseRuleReasons.Closed,
            () => Closed().ProposeResolution("x", Outcome.NoViolationFound, null, "", TjInvestigator, Now));

    [Fact]
    public void ReturnToInvestigation_FromResolution_VoidsSignOffs()
    {
        var c = InResolution();
        c.SignOffResolution(RuSupervisor, Now);

        c.ReturnToInvestigation("The decision file contradicts the findings.", Now);

        Assert.Equal(Stage.Investigation, c.Stage);
        Assert.Empty(c.Resolution!.SignOffs);
    }

    [Fact]
    public void ReturnToInvestigation_OutsideResolution_IsRefused() =>
        AssertRefused(CaseRuleReasons.NotInResolution, () => InInvestigation().ReturnToInvestigation("why", Now));

    [Fact]
    public void SignOff_ByOneSignerOfEachParty_ClosesWithProposedOutcome()
    {
        var c = InResolution();

        var first = c.SignOffResolution(RuSupervisor, Now);
        var second = c.SignOffResolution(TjSupervisor, Now);

        Assert.Equal(Stage.Closed, c.Stage);
        Assert.Equal(Outcome.AlreadyReturnedHome, c.Outcome);
        Assert.Contains(first.Payload, p => p is { Key: "closed", Value: "false" });
        Assert.Contains(second.Payload, p => p is { Key: "closed", Value: "true" });
    }

    [Fact]
    public void SignOff_ByTwoSignersOfOneParty_DoesNotClose()
    {
        var c = InResolution();
        c.SignOffResolution(RuSupervisor, Now);

        AssertRefused(CaseRuleReasons.PartyAlreadySignedOff, () => c.SignOffResolution(RuCoChair, Now));

        Assert.Equal(Stage.Resolution, c.Stage);
        Assert.Single(c.Resolution!.SignOffs);
    }

    [Fact]
    public void SignOff_AfterFindingsChanged_CountsOnlySignaturesOnTheNewFindings()
    {
        var c = InResolution();
        c.SignOffResolution(RuSupervisor, Now);

        c.ProposeResolution("Revised findings.", Outcome.ViolationConfirmed, Remedy.Delisted, "", TjInvestigator, Now);
        c.SignOffResolution(TjSupervisor, Now);

        Assert.Equal(Stage.Resolution, c.Stage);
        Assert.Equal([Party.TJ], c.Resolution!.SignOffs.Select(s => s.Party));
    }

    [Fact]
    public void SignOff_OutsideResolution_IsRefused() =>
        AssertRefused(CaseRuleReasons.NotInResolution, () => InInvestigation().SignOffResolution(RuSupervisor, Now));

    [Fact]
    public void Reopen_ClosedCase_ReturnsToInvestigationWithoutOutcome()
    {
        var c = Closed();

        c.Reopen("New evidence from the family.", Now);

        Assert.Equal(Stage.Investigation, c.Stage);
        Assert.Null(c.Outcome);
        Assert.Null(c.CloseTime);
        Assert.Empty(c.Resolution!.SignOffs);
    }

    [Fact]
    public void Reopen_OpenCase_IsRefused() =>
        AssertRefused(CaseRuleReasons.NotClosed, () => InResolution().Reopen("why", Now));

    [Fact]
    public void RequestResponse_InAnyOpenStage_SetsAwaitingAndRecordClearsIt()
    {
        foreach (var c in new[] { Filed(), InInvestigation(), InResolution() })
        {
            c.RequestResponse(Party.RU, "The decision file.", Now);
            Assert.Equal(Party.RU, c.AwaitingResponse!.Party);
            Assert.Equal(Now, c.AwaitingResponse.Since);

            c.RecordResponse("Received.", Now.AddDays(2));
            Assert.Null(c.AwaitingResponse);
        }
    }

    [Fact]
    public void RequestResponse_WhileAlreadyAwaiting_IsRefused()
    {
        var c = InInvestigation();
        c.RequestResponse(Party.RU, "The decision file.", Now);

        AssertRefused(CaseRuleReasons.AlreadyAwaitingResponse, () => c.RequestResponse(Party.TJ, "More.", Now));
    }

    [Fact]
    public void RecordResponse_WhenNotAwaiting_IsRefused() =>
        AssertRefused(CaseRuleReasons.NotAwaitingResponse, () => InInvestigation().RecordResponse("x", Now));

    [Fact]
    public void RequestResponse_WhenClosed_IsRefused() =>
        AssertRefused(CaseRuleReasons.Closed, () => Closed().RequestResponse(Party.RU, "x", Now));

    [Fact]
    public void Update_WhenClosed_IsRefused()
    {
        var c = Closed();

        AssertRefused(CaseRuleReasons.Closed, () => c.Update(c.Details, ["allegation_details"], Now));
    }

    [Fact]
    public void AssignInvestigator_KeepsOneLeadPerParty()
    {
        var c = Filed();

        c.AssignInvestigator("tj.first", TjInvestigator, Now);
        c.AssignInvestigator("ru.lead", RuSupervisor, Now);
        c.AssignInvestigator("tj.second", TjSupervisor, Now);

        Assert.Equal(
            [(Party.RU, "ru.lead"), (Party.TJ, "tj.second")],
            c.LeadInvestigators.Select(l => (l.Party, l.InvestigatorId)));
    }
}
