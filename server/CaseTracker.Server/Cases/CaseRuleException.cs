namespace CaseTracker.Server.Cases;

/// <summary>
/// A move the case's rules do not allow in its current state. The reason is a stable, machine-readable
/// code (for example <c>CASE_NOT_IN_RESOLUTION</c>) that clients can act on; it maps to FAILED_PRECONDITION.
/// </summary>
public sealed class CaseRuleException(string reason, string message) : RuleException(reason, message, RefusalKind.NotNow);

/// <summary>The reasons a case refuses a move. Each one is listed in the README.</summary>
public static class CaseRuleReasons
{
    public const string NotInIntake = "CASE_NOT_IN_INTAKE";
    public const string NotInInvestigation = "CASE_NOT_IN_INVESTIGATION";
    public const string NotInResolution = "CASE_NOT_IN_RESOLUTION";
    public const string NotClosed = "CASE_NOT_CLOSED";
    public const string Closed = "CASE_CLOSED";
    public const string EnforcementActionRequired = "ENFORCEMENT_ACTION_REQUIRED";
    public const string AllegationRequired = "ALLEGATION_REQUIRED";
    public const string AlreadyAwaitingResponse = "ALREADY_AWAITING_RESPONSE";
    public const string NotAwaitingResponse = "NOT_AWAITING_RESPONSE";
    public const string PartyAlreadySignedOff = "PARTY_ALREADY_SIGNED_OFF";
    public const string NoStandingConsent = "NO_STANDING_CONSENT";
    public const string AlreadyLinked = "CASES_ALREADY_LINKED";
    public const string NotLinked = "CASES_NOT_LINKED";
    public const string SameCase = "SAME_CASE";
    public const string LegalHoldAlreadyAsked = "LEGAL_HOLD_ALREADY_ASKED";
    public const string NoLegalHold = "NO_LEGAL_HOLD";
    public const string LegalHoldStands = "LEGAL_HOLD_STANDS";
    public const string SubjectDataErased = "SUBJECT_DATA_ERASED";
}
