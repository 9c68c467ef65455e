namespace CaseTracker.Server.Cases;

/// <summary>
/// Retention of the subject's personal data: a closed case's personal data is erased once its retention period has
/// ended, unless a legal hold stands — placed, and released, by co-chairs of both parties. What is erased is the
/// person (names in every script, date of birth, passport, contacts) and the free texts that may name them; the
/// statistics, the review pseudonyms kept at erasure and the event log stay.
/// </summary>
public sealed partial class Case
{
    /// <summary>The fields <see cref="EraseSubjectData"/> clears, as the contract names them.</summary>
    public static readonly IReadOnlyList<string> ErasedFields =
    [
        "subject.name_russian", "subject.name_tajik", "subject.name_latin", "subject.date_of_birth", "subject.passport_number",
        "subject.contact", "allegation_details", "close_reason", "resolution.findings", "resolution.remedy_details",
        "enforcement_action.decision_reference", "consent.withdraw_reason", "notes.text",
    ];

    /// <summary>The legal hold, asked for or standing; null when none was asked for or the last was released.</summary>
    public LegalHold? LegalHold { get; private set; }

    /// <summary>When the subject's personal data was erased; null while it is held.</summary>
    public DateTime? SubjectEraseTime { get; private set; }

    /// <summary>The subject's review pseudonyms kept when the passport number was erased, so later reviews still give them.</summary>
    public KeptPseudonyms? KeptPseudonyms { get; private set; }

    public bool IsSubjectDataErased => SubjectEraseTime is not null;

    /// <summary>A co-chair asks for a hold for their party; it stands once both parties have asked.</summary>
    public CaseEventDraft PlaceLegalHold(Actor coChair, string reason, DateTime now)
    {
        RequireSubjectDataHeld();
        var hold = LegalHold ?? new LegalHold(reason, [], null, []);
        if (hold.Stands || hold.PlacedBy.Any(d => d.Party == coChair.Party))
        {
            throw new CaseRuleException(CaseRuleReasons.LegalHoldAlreadyAsked, hold.Stands
                ? "A legal hold already stands on this case."
                : $"{coChair.Party} has already asked for a legal hold; it stands once a co-chair of the other party asks too.");
        }
        var decisions = hold.PlacedBy.Append(new LegalHoldDecision(coChair.Party, coChair.Id, now, reason)).ToList();
        var stands = decisions.Select(d => d.Party).Distinct().Count() == Enum.GetValues<Party>().Length;
        LegalHold = hold with { PlacedBy = decisions, PlaceTime = stands ? now : null };
        Touch(now);
        return CaseEventDraft.Of(stands ? CaseEventType.LegalHoldPlaced : CaseEventType.LegalHoldRequested,
            ("party", coChair.Party.ToString()), ("reason", reason));
    }

    /// <summary>A co-chair asks to release the standing hold for their party; it is released once both parties have asked.</summary>
    public CaseEventDraft ReleaseLegalHold(Actor coChair, string reason, DateTime now)
    {
        if (LegalHold is not { Stands: true } hold)
        {
            throw new CaseRuleException(CaseRuleReasons.NoLegalHold, "No legal hold stands on this case.");
        }
        if (hold.ReleaseRequestedBy.Any(d => d.Party == coChair.Party))
        {
            throw new CaseRuleException(CaseRuleReasons.LegalHoldAlreadyAsked,
                $"{coChair.Party} has already asked to release the legal hold; it is released once a co-chair of the other party asks too.");
        }
        var decisions = hold.ReleaseRequestedBy.Append(new LegalHoldDecision(coChair.Party, coChair.Id, now, reason)).ToList();
        var released = decisions.Select(d => d.Party).Distinct().Count() == Enum.GetValues<Party>().Length;
        LegalHold = released ? null : hold with { ReleaseRequestedBy = decisions };
        Touch(now);
        return CaseEventDraft.Of(released ? CaseEventType.LegalHoldReleased : CaseEventType.LegalHoldReleaseRequested,
            ("party", coChair.Party.ToString()), ("reason", reason));
    }

    /// <summary>Whether the subject's data is due for erasure at <paramref name="now"/> after <paramref name="years"/> years closed.</summary>
    public bool IsDueForErasure(int years, DateTime now) =>
        !IsOpen && !IsSubjectDataErased && LegalHold is not { Stands: true } && CloseTime is { } closed && closed.AddYears(years) <= now;

    /// <summary>
    /// Erases the subject's personal data from the case, keeping <paramref name="pseudonyms"/> for the reviews. The
    /// notes' text is erased by the caller, which holds them.
    /// </summary>
    public CaseEventDraft EraseSubjectData(int years, KeptPseudonyms pseudonyms, DateTime now)
    {
        if (IsOpen)
        {
            throw new CaseRuleException(CaseRuleReasons.NotClosed, "Only a closed case's personal data is erased.");
        }
        RequireSubjectDataHeld();
        if (LegalHold is { Stands: true })
        {
            throw new CaseRuleException(CaseRuleReasons.LegalHoldStands, "A legal hold stands on this case: its personal data is kept until co-chairs of both parties release it.");
        }
        Subject = new Subject(string.Empty, string.Empty, string.Empty, null, Subject.Citizenship, string.Empty, string.Empty, string.Empty, string.Empty);
        SubjectNameSearch = string.Empty;
        AllegationDetails = string.Empty;
        CloseReason = string.Empty;
        Resolution = Resolution is null ? null : Resolution with { Findings = string.Empty, RemedyDetails = string.Empty };
        EnforcementAction = EnforcementAction is null ? null : EnforcementAction with { DecisionReference = string.Empty };
        Consent = Consent is null ? null : Consent with { WithdrawReason = Consent.WithdrawReason is null ? null : string.Empty };
        KeptPseudonyms = pseudonyms;
        SubjectEraseTime = now;
        Touch(now);
        return CaseEventDraft.Of(CaseEventType.SubjectDataErased,
            ("erased", string.Join(",", ErasedFields)),
            ("retention_years", years.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("close_time", CloseTime!.Value.ToString("O", System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// The event of a subject-access export that gave this case's subject data away: what it held, counted, never
    /// the values. Nothing of the case changes (the etag stays), so an erased case's export is recorded too.
    /// </summary>
    public CaseEventDraft SubjectDataExported(int notes, int listRecords) => CaseEventDraft.Of(CaseEventType.SubjectDataExported,
        ("notes", notes.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("list_records", listRecords.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private void RequireSubjectDataHeld()
    {
        if (IsSubjectDataErased)
        {
            throw new CaseRuleException(CaseRuleReasons.SubjectDataErased, "The subject's personal data was erased at the end of its retention period.");
        }
    }
}

/// <summary>A legal hold: asked for by a co-chair of each party before it stands, released the same way.</summary>
public sealed record LegalHold(string Reason, IReadOnlyList<LegalHoldDecision> PlacedBy, DateTime? PlaceTime, IReadOnlyList<LegalHoldDecision> ReleaseRequestedBy)
{
    public bool Stands => PlaceTime is not null;
}

/// <summary>One co-chair's request to place or release a hold.</summary>
public sealed record LegalHoldDecision(Party Party, string CoChair, DateTime DecideTime, string Reason);

/// <summary>The subject's review pseudonyms as they were when the passport number was erased: under the joint key and the filing party's.</summary>
public sealed record KeptPseudonyms(string Joint, string Party);
