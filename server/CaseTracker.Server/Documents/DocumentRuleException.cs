namespace CaseTracker.Server.Documents;

/// <summary>A refusal of the document rules: a document not visible, too large, of a type not allowed, a hash that does not match, a move not allowed now.</summary>
public sealed class DocumentRuleException(
    string reason, string message, RefusalKind kind,
    IReadOnlyDictionary<string, string>? metadata = null)
    : RuleException(reason, message, kind, null, metadata);
