using CaseTracker.Server.Grpc;

namespace CaseTracker.Server;

/// <summary>What kind of refusal a rule makes; <see cref="ErrorInterceptor"/> alone turns a kind into a status code.</summary>
public enum RefusalKind
{
    /// <summary>The move is not allowed in the present state (FAILED_PRECONDITION).</summary>
    NotNow,

    /// <summary>What the request names does not exist (NOT_FOUND).</summary>
    NotFound,

    /// <summary>The request itself is wrong, whatever the state (INVALID_ARGUMENT).</summary>
    BadInput,

    /// <summary>The caller could not be identified (UNAUTHENTICATED).</summary>
    Unidentified,

    /// <summary>The caller is known but may not do this (PERMISSION_DENIED).</summary>
    Denied,

    /// <summary>The caller has used up a quota; the refusal says when it may try again (RESOURCE_EXHAUSTED).</summary>
    Exhausted,
}

/// <summary>
/// A refusal decided by a feature's own rules, with a stable, machine-readable reason. Each feature throws its
/// own subclass (<c>CaseRuleException</c>, <c>ReviewRuleException</c>, ...) and knows nothing of the transport.
/// </summary>
public abstract class RuleException(
    string reason, string message, RefusalKind kind,
    IReadOnlyList<FieldViolation>? violations = null, IReadOnlyDictionary<string, string>? metadata = null) : Exception(message)
{
    public string Reason { get; } = reason;

    public RefusalKind Kind { get; } = kind;

    public IReadOnlyList<FieldViolation> Violations { get; } = violations ?? [];

    public IReadOnlyDictionary<string, string> Metadata { get; } = metadata ?? new Dictionary<string, string>();
}
