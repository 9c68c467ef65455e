using CaseTracker.Server.Grpc;

namespace CaseTracker.Server.Reconciliation;

/// <summary>A refusal of the reconciliation's rules: a record or list that is not there, or a move its state does not allow.</summary>
public sealed class ReconciliationRuleException(
    string reason, string message, RefusalKind kind,
    IReadOnlyList<FieldViolation>? violations = null, IReadOnlyDictionary<string, string>? metadata = null)
    : RuleException(reason, message, kind, violations, metadata);

/// <summary>What the reconciliation refuses, each with its reason.</summary>
public static class ReconciliationRefusals
{
    public static ReconciliationRuleException ReconciliationNotFound(string name) =>
        new(ErrorReasons.ReconciliationNotFound, $"No reconciliation is named '{name}'.", RefusalKind.NotFound, metadata: Named(name));

    public static ReconciliationRuleException RecordNotFound(string name) =>
        new(ErrorReasons.RecordNotFound, $"No record is named '{name}'.", RefusalKind.NotFound, metadata: Named(name));

    public static ReconciliationRuleException ImportIdReused(string importId) =>
        new(ErrorReasons.ImportIdReused,
            $"The import '{importId}' was started as another list (another kind or as-of time); use a new import_id for a new list.",
            RefusalKind.NotNow, [new FieldViolation("header.import_id", "already used for another list")]);

    public static ReconciliationRuleException NoCandidate(string record) =>
        new(ErrorReasons.NoCandidate,
            $"{record} has no candidate to decide on; file a case for it with OpenCasesForRecords if it needs one.", RefusalKind.NotNow);

    public static ReconciliationRuleException DecisionUnchanged(string record, string outcome) =>
        new(ErrorReasons.DecisionUnchanged, $"{record} is already {outcome}.", RefusalKind.NotNow);

    public static ReconciliationRuleException RecordInvalid(long line, string invalidReason) =>
        new(ErrorReasons.RecordInvalid, $"Line {line} is invalid ({invalidReason}); no case can be filed for it.", RefusalKind.NotNow);

    public static ReconciliationRuleException RecordAlreadyMatched(long line, string matchedCase) =>
        new(ErrorReasons.RecordAlreadyMatched, $"Line {line} already matches {matchedCase}.", RefusalKind.NotNow);

    public static ReconciliationRuleException NotReturnedHome(long line) =>
        new(ErrorReasons.NotReturnedHome,
            $"Line {line} is not a record that matched an open case and the other party's returned-home list.", RefusalKind.NotNow);

    private static Dictionary<string, string> Named(string name) => new() { ["name"] = name };
}
