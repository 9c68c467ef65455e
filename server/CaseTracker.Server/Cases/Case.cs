namespace CaseTracker.Server.Cases;

/// <summary>
/// One complaint about one enforcement action against one person: the aggregate that owns the case's
/// lifecycle rules. Every method that changes the case returns the one event it records. Links between cases
/// are in <c>Case.Links.cs</c>.
/// </summary>
public sealed partial class Case
{
    private Case()
    {
        Id = Reference = AllegationDetails = CloseReason = SubjectNameSearch = string.Empty;
        Subject = null!;
    }

    /// <summary>The case ID: the reference in lower case (<c>tf-2026-000123</c>).</summary>
    public string Id { get; private set; }

    /// <summary>The human reference, <c>TF-2026-000123</c>.</summary>
    public string Reference { get; private set; }

    public int ReferenceYear { get; private set; }

    public int ReferenceNumber { get; private set; }

    public Party FilingParty { get; private set; }

    public IntakeChannel IntakeChannel { get; private set; }

    public Priority Priority { get; private set; }

    public IReadOnlyList<UrgencyReason> UrgencyReasons { get; private set; } = [];

    public Stage Stage { get; private set; }

    public AwaitingResponse? AwaitingResponse { get; private set; }

    public Subject Subject { get; private set; }

    /// <summary>The subject's names folded to lower case; kept in step with <see cref="Subject"/> for filtering.</summary>
    public string SubjectNameSearch { get; private set; }

    public EnforcementAction? EnforcementAction { get; private set; }

    public IReadOnlyList<AllegationCode> Allegations { get; private set; } = [];

    public string AllegationDetails { get; private set; }

    public IReadOnlyList<LeadInvestigator> LeadInvestigators { get; private set; } = [];

    public Resolution? Resolution { get; private set; }

    public Outcome? Outcome { get; private set; }

    public string CloseReason { get; private set; }

    public DateTime CreateTime { get; private set; }

    public DateTime UpdateTime { get; private set; }

    public DateTime? CloseTime { get; private set; }

    /// <summary>The cases this one is linked to (LinkCases, CloseAsDuplicate), each link kept on both cases.</summary>
    public IReadOnlyList<CaseLink> Links { get; private set; } = [];

    /// <summary>The subject's consent, if one was recorded.</summary>
    public Consent? Consent { get; private set; }

    /// <summary>How many clocks the case has had: the last deadline number issued.</summary>
    public int ClockCount { get; private set; }

    /// <summary>Issues the next deadline number. Bookkeeping only: not a change of the case, so the etag stays.</summary>
    public int TakeClockNumber() => ++ClockCount;

    /// <summary>Bumped by every change; the etag clients send back is this number.</summary>
    public long Version { get; private set; }

    public string Etag => Version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public bool IsOpen => Stage != Stage.Closed;

    /// <summary>
    /// Files a new case. It is the filing party's — the actor's own, unless it is filed on behalf of the party that
    /// holds its subject's data (<paramref name="filingParty"/>: a co-chair filing for a record of the other party's list).
    /// </summary>
    public static (Case Case, CaseEventDraft Event) File(
        int referenceYear, int referenceNumber, CaseDetails details, Actor actor, DateTime now, Party? filingParty = null)
    {
        var party = filingParty ?? actor.Party;
        var reference = $"TF-{referenceYear:D4}-{referenceNumber:D6}";
        var @case = new Case
        {
            Id = reference.ToLowerInvariant(),
            Reference = reference,
            ReferenceYear = referenceYear,
            ReferenceNumber = referenceNumber,
            FilingParty = party,
            Stage = Stage.Intake,
            CreateTime = now,
            // The investigator who files a case leads it for their party until a supervisor reassigns it.
            LeadInvestigators = actor.Role == Role.Investigator ? [new LeadInvestigator(actor.Party, actor.Id, now)] : [],
        };
        @case.ApplyDetails(details);
        @case.Touch(now);
        return (@case, CaseEventDraft.Of(
            CaseEventType.CaseCreated,
            [
                ("reference", reference),
                ("filing_party", party.ToString()),
                ("stage", Stage.Intake.ToString()),
                .. details.StatisticalAttributes(),
            ]));
    }

    /// <summary>Replaces the filed details. Stage, resolution and outcome have their own methods.</summary>
    public CaseEventDraft Update(CaseDetails details, IReadOnlyList<string> changedPaths, DateTime now)
    {
        RequireOpen();
        ApplyDetails(details);
        Touch(now);
        return CaseEventDraft.Of(CaseEventType.CaseUpdated, [("paths", string.Join(",", changedPaths)), .. details.StatisticalAttributes()]);
    }

    public CaseDetails Details => new(
        IntakeChannel, Priority, UrgencyReasons, Subject, EnforcementAction, Allegations, AllegationDetails);

    public CaseEventDraft StartInvestigation(DateTime now)
    {
        RequireStage(Stage.Intake, CaseRuleReasons.NotInIntake);
        if (EnforcementAction is null)
        {
            throw new CaseRuleException(CaseRuleReasons.EnforcementActionRequired,
                "The investigation cannot start before the enforcement action is recorded.");
        }
        if (Allegations.Count == 0)
        {
            throw new CaseRuleException(CaseRuleReasons.AllegationRequired,
                "The investigation cannot start before at least one allegation is recorded.");
        }
        Stage = Stage.Investigation;
        Touch(now);
        return StageChanged(CaseEventType.InvestigationStarted, Stage.Intake);
    }

    public CaseEventDraft RequestResponse(Party party, string awaited, DateTime now)
    {
        RequireOpen();
        if (AwaitingResponse is not null)
        {
            throw new CaseRuleException(CaseRuleReasons.AlreadyAwaitingResponse,
                $"The case is already awaiting a response from {AwaitingResponse.Party}; record it first.");
        }
        AwaitingResponse = new AwaitingResponse(party, awaited, now);
        Touch(now);
        return CaseEventDraft.Of(CaseEventType.ResponseRequested,
            ("party", party.ToString()), ("stage", Stage.ToString()), ("awaited", awaited));
    }

    public CaseEventDraft RecordResponse(string summary, DateTime now)
    {
        RequireOpen();
        if (AwaitingResponse is null)
        {
            throw new CaseRuleException(CaseRuleReasons.NotAwaitingResponse, "The case is not awaiting a response.");
        }
        var party = AwaitingResponse.Party;
        var waited = now - AwaitingResponse.Since;
        AwaitingResponse = null;
        Touch(now);
        return CaseEventDraft.Of(CaseEventType.ResponseRecorded,
            ("party", party.ToString()),
            ("waited_seconds", ((long)waited.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("summary", summary));
    }

    /// <summary>
    /// Proposes findings. From INVESTIGATION this moves the case to RESOLUTION; in RESOLUTION it replaces
    /// the findings, and the sign-offs given on the old findings no longer count.
    /// </summary>
    public CaseEventDraft ProposeResolution(
        string findings, Outcome outcome, Remedy? remedy, string remedyDetails, Actor actor, DateTime now)
    {
        RequireOpen();
        if (Stage is not (Stage.Investigation or Stage.Resolution))
        {
            throw new CaseRuleException(CaseRuleReasons.NotInInvestigation,
                $"Findings can be proposed only during investigation or resolution; the case is in {StageText(Stage)}.");
        }
        var from = Stage;
        var voided = Resolution?.SignOffs.Count ?? 0;
        Resolution = new Resolution(findings, outcome, remedy, remedyDetails, actor.Id, now, []);
        Stage = Stage.Resolution;
        Touch(now);
        return CaseEventDraft.Of(CaseEventType.ResolutionProposed,
            ("from_stage", from.ToString()),
            ("to_stage", Stage.ToString()),
            ("proposed_outcome", outcome.ToString()),
            ("voided_sign_offs", voided.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    public CaseEventDraft ReturnToInvestigation(string reason, DateTime now)
    {
        RequireStage(Stage.Resolution, CaseRuleReasons.NotInResolution);
        Resolution = Resolution! with { SignOffs = [] };
        Stage = Stage.Investigation;
        Touch(now);
        return StageChanged(CaseEventType.ReturnedToInvestigation, Stage.Resolution, reason);
    }

    /// <summary>
    /// Records the actor's approval of the current findings for the actor's party. The case closes when
    /// one signer of each party has approved; a second signer of a party that already signed is refused.
    /// </summary>
    public CaseEventDraft SignOffResolution(Actor actor, DateTime now)
    {
        RequireStage(Stage.Resolution, CaseRuleReasons.NotInResolution);
        var resolution = Resolution!;
        if (resolution.IsSignedBy(actor.Party))
        {
            throw new CaseRuleException(CaseRuleReasons.PartyAlreadySignedOff,
                $"{actor.Party} has already signed off these findings; the other party's signature is needed.");
        }
        Resolution = resolution with
        {
            SignOffs = [.. resolution.SignOffs, new SignOff(actor.Id, actor.Party, actor.Role, now)],
        };
        var closes = Resolution.IsSignedByBothParties;
        if (closes)
        {
            Close(Resolution.ProposedOutcome, string.Empty, now);
        }
        Touch(now);
        return CaseEventDraft.Of(CaseEventType.ResolutionSignedOff,
            ("party", actor.Party.ToString()),
            ("closed", closes ? "true" : "false"),
            ("outcome", closes ? Outcome!.Value.ToString() : string.Empty));
    }

    public CaseEventDraft Reopen(string reason, DateTime now)
    {
        RequireStage(Stage.Closed, CaseRuleReasons.NotClosed);
        var previous = Outcome;
        Stage = Stage.Investigation;
        Outcome = null;
        CloseReason = string.Empty;
        CloseTime = null;
        Resolution = Resolution is null ? null : Resolution with { SignOffs = [] };
        Touch(now);
        return CaseEventDraft.Of(CaseEventType.CaseReopened,
            ("from_stage", Stage.Closed.ToString()),
            ("to_stage", Stage.ToString()),
            ("previous_outcome", previous?.ToString() ?? string.Empty),
            ("reason", reason));
    }

    public CaseEventDraft DeclareInadmissible(string reason, DateTime now)
    {
        RequireStage(Stage.Intake, CaseRuleReasons.NotInIntake);
        Close(Cases.Outcome.Inadmissible, reason, now);
        Touch(now);
        return StageChanged(CaseEventType.DeclaredInadmissible, Stage.Intake, reason);
    }

    public CaseEventDraft Withdraw(string reason, DateTime now)
    {
        RequireStage(Stage.Intake, CaseRuleReasons.NotInIntake);
        Close(Cases.Outcome.Withdrawn, reason, now);
        Touch(now);
        return StageChanged(CaseEventType.CaseWithdrawn, Stage.Intake, reason);
    }

    /// <summary>Makes <paramref name="investigatorId"/> the lead investigator of the actor's party.</summary>
    public CaseEventDraft AssignInvestigator(string investigatorId, Actor actor, DateTime now)
    {
        RequireOpen();
        LeadInvestigators =
        [
            .. LeadInvestigators.Where(l => l.Party != actor.Party),
            new LeadInvestigator(actor.Party, investigatorId, now),
        ];
        LeadInvestigators = [.. LeadInvestigators.OrderBy(l => l.Party)];
        Touch(now);
        return CaseEventDraft.Of(CaseEventType.InvestigatorAssigned,
            ("party", actor.Party.ToString()), ("investigator_id", investigatorId));
    }

    /// <summary>Records the subject's consent, replacing any earlier one.</summary>
    public CaseEventDraft RecordConsent(bool shareWithOtherParty, bool includeInStatistics, Actor actor, DateTime now)
    {
        Consent = new Consent(shareWithOtherParty, includeInStatistics, actor.Id, actor.Party, now, null, null, null);
        Touch(now);
        return CaseEventDraft.Of(CaseEventType.ConsentRecorded,
            ("share_with_other_party", shareWithOtherParty ? "true" : "false"),
            ("include_in_statistics", includeInStatistics ? "true" : "false"));
    }

    public CaseEventDraft WithdrawConsent(string reason, Actor actor, DateTime now)
    {
        if (Consent is not { Stands: true })
        {
            throw new CaseRuleException(CaseRuleReasons.NoStandingConsent, "There is no standing consent to withdraw.");
        }
        Consent = Consent with { WithdrawnBy = actor.Id, WithdrawTime = now, WithdrawReason = reason };
        Touch(now);
        return CaseEventDraft.Of(CaseEventType.ConsentWithdrawn, ("reason", reason));
    }

    /// <summary>
    /// A note is recorded in the case's history but does not change the case, so it does not move the
    /// etag: a note written meanwhile never makes someone else's conditional change fail.
    /// </summary>
    public static CaseEventDraft NoteAdded(string noteName) =>
        CaseEventDraft.Of(CaseEventType.NoteCreated, ("note", noteName));

    /// <summary>
    /// A reviewer's decision that this case is, or is not, the person on a bulk list's record. Recorded in the
    /// case's history; like a note, it does not change the case, so the etag stays.
    /// </summary>
    public static CaseEventDraft ListMatchDecided(string record, string decision, string previousOutcome, string outcome, string reason) =>
        CaseEventDraft.Of(CaseEventType.ListMatchDecided,
            ("record", record), ("decision", decision), ("previous_outcome", previousOutcome), ("outcome", outcome), ("reason", reason));

    /// <summary>Whether the user (of that party) leads this case.</summary>
    public bool IsLeadInvestigator(string actorId, Party party) =>
        LeadInvestigators.Any(l => l.InvestigatorId == actorId && l.Party == party);

    private void ApplyDetails(CaseDetails details)
    {
        IntakeChannel = details.IntakeChannel;
        Priority = details.Priority;
        UrgencyReasons = [.. details.UrgencyReasons];
        Subject = details.Subject;
        SubjectNameSearch = details.Subject.NameSearchText;
        EnforcementAction = details.EnforcementAction;
        Allegations = [.. details.Allegations];
        AllegationDetails = details.AllegationDetails;
    }

    private void Close(Outcome outcome, string reason, DateTime now)
    {
        Stage = Stage.Closed;
        Outcome = outcome;
        CloseReason = reason;
        CloseTime = now;
        AwaitingResponse = null;
    }

    private void Touch(DateTime now)
    {
        UpdateTime = now;
        Version++;
    }

    /// <summary>
    /// Refuses unless the case is in <paramref name="stage"/>. A closed case is refused as closed (CASE_CLOSED)
    /// whatever was asked of it, so one situation has one reason.
    /// </summary>
    private void RequireStage(Stage stage, string reason)
    {
        if (stage != Stage.Closed)
        {
            RequireOpen();
        }
        if (Stage != stage)
        {
            throw new CaseRuleException(reason, $"This needs the case in {StageText(stage)}; it is in {StageText(Stage)}.");
        }
    }

    /// <summary>A stage as a person reads it, with the contract's name: "intake (STAGE_INTAKE)".</summary>
    private static string StageText(Stage stage) => $"{stage.ToString().ToLowerInvariant()} (STAGE_{stage.ToString().ToUpperInvariant()})";

    /// <summary>Refuses any change of a closed case (CASE_CLOSED): it must be reopened first.</summary>
    public void RequireOpen()
    {
        if (!IsOpen)
        {
            throw new CaseRuleException(CaseRuleReasons.Closed, "The case is closed; reopen it first.");
        }
    }

    private CaseEventDraft StageChanged(CaseEventType type, Stage from, string reason = "") =>
        reason.Length == 0
            ? CaseEventDraft.Of(type, ("from_stage", from.ToString()), ("to_stage", Stage.ToString()))
            : CaseEventDraft.Of(type, ("from_stage", from.ToString()), ("to_stage", Stage.ToString()), ("reason", reason));
}
