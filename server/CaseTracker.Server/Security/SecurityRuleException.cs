namespace CaseTracker.Server.Security;

/// <summary>A caller refused at the door: not identified (missing, invalid or expired credentials) or not allowed.</summary>
public sealed class SecurityRuleException(
    string reason, string message, RefusalKind kind, IReadOnlyDictionary<string, string>? metadata = null)
    : RuleException(reason, message, kind, metadata: metadata);
