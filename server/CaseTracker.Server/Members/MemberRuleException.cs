using CaseTracker.Server.Grpc;

namespace CaseTracker.Server.Members;

/// <summary>A refusal of the roster's rules: a member that does not exist, or another party's member.</summary>
public sealed class MemberRuleException(
    string reason, string message, RefusalKind kind,
    IReadOnlyList<FieldViolation>? violations = null, IReadOnlyDictionary<string, string>? metadata = null)
    : RuleException(reason, message, kind, violations, metadata);
