using CaseTracker.Server.Grpc;

namespace CaseTracker.Server.Reviews;

/// <summary>A refusal of the monthly review's rules: a month not ended, a review not ready, a manifest that is not the review's.</summary>
public sealed class ReviewRuleException(
    string reason, string message, RefusalKind kind,
    IReadOnlyList<FieldViolation>? violations = null, IReadOnlyDictionary<string, string>? metadata = null)
    : RuleException(reason, message, kind, violations, metadata);
