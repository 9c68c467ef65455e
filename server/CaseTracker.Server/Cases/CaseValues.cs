using CaseTracker.Server.Security;

namespace CaseTracker.Server.Cases;

/// <summary>Who made a change: always taken from the caller's credentials, never from a request body.</summary>
public sealed record Actor(string Id, Party Party, Role Role)
{
    /// <summary>The server itself, recording warnings and escalations: it has no party and no role.</summary>
    public static readonly Actor Deadlines = new("casetracker.deadlines", default, default);

    /// <summary>The server itself, erasing personal data at the end of its retention period.</summary>
    public static readonly Actor Retention = new("casetracker.retention", default, default);

    public bool MaySignOff => Role is Role.Supervisor or Role.CoChair;
}

/// <summary>
/// The person a case is about. Passport number and contact details are personal data, withheld from the other
/// party without consent; names and birth date are personal data too. Each is classified, so that a log line
/// never shows it, even when the subject is logged by mistake.
/// </summary>
public sealed record Subject(
    [property: PersonNameData] string NameRussian,
    [property: PersonNameData] string NameTajik,
    [property: PersonNameData] string NameLatin,
    [property: DateOfBirthData] DateOnly? DateOfBirth,
    string Citizenship,
    [property: PassportNumberData] string PassportNumber,
    [property: ContactData] string Phone,
    [property: ContactData] string Email,
    [property: ContactData] string Address)
{
    /// <summary>All spellings folded to lower case, for the case-insensitive name filter in any script.</summary>
    [PersonNameData]
    public string NameSearchText =>
        string.Join('\n', NameRussian, NameTajik, NameLatin).ToLowerInvariant();

    private bool PrintMembers(System.Text.StringBuilder builder) => PersonalData.PrintMembers(this, builder);
}

public sealed record EnforcementAction(
    EnforcementActionType Type,
    RegistryGround? RegistryGround,
    string DecidingAuthority,
    string Region,
    DateOnly? DecisionDate,
    string DecisionReference);

public sealed record AwaitingResponse(Party Party, string Awaited, DateTime Since);

public sealed record LeadInvestigator(Party Party, string InvestigatorId, DateTime AssignTime);

public sealed record SignOff(string Signer, Party Party, Role Role, DateTime SignTime);

/// <summary>Proposed findings and the sign-offs collected on exactly these findings.</summary>
public sealed record Resolution(
    string Findings,
    Outcome ProposedOutcome,
    Remedy? Remedy,
    string RemedyDetails,
    string ProposedBy,
    DateTime ProposeTime,
    IReadOnlyList<SignOff> SignOffs)
{
    public bool IsSignedBy(Party party) => SignOffs.Any(s => s.Party == party);

    public bool IsSignedByBothParties => IsSignedBy(Party.RU) && IsSignedBy(Party.TJ);
}

/// <summary>The fields a case is filed with.</summary>
public sealed record CaseDetails(
    IntakeChannel IntakeChannel,
    Priority Priority,
    IReadOnlyList<UrgencyReason> UrgencyReasons,
    Subject Subject,
    EnforcementAction? EnforcementAction,
    IReadOnlyList<AllegationCode> Allegations,
    string AllegationDetails)
{
    /// <summary>
    /// The case's attributes that statistics count, none of them personal: every creation and update event
    /// carries them as they stand after the change, so figures "as of" any point of the log can be computed
    /// from the log alone.
    /// </summary>
    public IEnumerable<(string Key, string Value)> StatisticalAttributes()
    {
        yield return ("intake_channel", IntakeChannel.ToString());
        yield return ("priority", Priority.ToString());
        yield return ("urgency_reasons", string.Join(",", UrgencyReasons));
        yield return ("enforcement_action", EnforcementAction?.Type.ToString() ?? string.Empty);
        yield return ("registry_ground", EnforcementAction?.RegistryGround?.ToString() ?? string.Empty);
        yield return ("region", EnforcementAction?.Region ?? string.Empty);
        yield return ("allegations", string.Join(",", Allegations));
    }
}

/// <summary>What one mutation records in the event log: its type and a payload free of personal data.</summary>
public sealed record CaseEventDraft(CaseEventType Type, IReadOnlyList<KeyValuePair<string, string>> Payload)
{
    public static CaseEventDraft Of(CaseEventType type, params (string Key, string Value)[] payload) =>
        new(type, payload.Select(p => KeyValuePair.Create(p.Key, p.Value)).ToList());
}

/// <summary>The subject's consent, recorded for the filing party. A withdrawn consent covers nothing.</summary>
public sealed record Consent(
    bool ShareWithOtherParty,
    bool IncludeInStatistics,
    string RecordedBy,
    Party RecordedByParty,
    DateTime RecordTime,
    string? WithdrawnBy,
    DateTime? WithdrawTime,
    string? WithdrawReason)
{
    public bool Stands => WithdrawTime is null;
}

/// <summary>A link from this case to another, as either case holds it: who linked them, for which party, and why.</summary>
public sealed record CaseLink(string CaseId, LinkKind Kind, string LinkedBy, Party LinkedByParty, string Reason, DateTime LinkTime)
{
    /// <summary>The kind the other case holds for the same link.</summary>
    public static LinkKind Inverse(LinkKind kind) => kind switch
    {
        LinkKind.DuplicateOf => LinkKind.HasDuplicate,
        LinkKind.HasDuplicate => LinkKind.DuplicateOf,
        _ => kind,
    };
}
