using CaseTracker.Server.Cases;
using CaseTracker.Server.Grpc;

namespace CaseTracker.Server.Audit;

/// <summary>A refusal of the log's rules: a checkpoint that does not match the log, or a signature that does not verify.</summary>
public sealed class AuditRuleException(
    string reason, string message, RefusalKind kind, IReadOnlyList<FieldViolation>? violations = null)
    : RuleException(reason, message, kind, violations);

/// <summary>What the log refuses, each with its reason.</summary>
public static class AuditRefusals
{
    public static AuditRuleException NoSuchEvent(long sequence) =>
        new(ErrorReasons.CheckpointMismatch, $"The log has no event {sequence}.", RefusalKind.NotFound);

    public static AuditRuleException CheckpointMismatch(long sequence) =>
        new(ErrorReasons.CheckpointMismatch, $"The log's event {sequence} does not have that hash; verify the log again.", RefusalKind.NotNow);

    public static AuditRuleException NoPublicKey(Party party) =>
        new(ErrorReasons.BadSignature, $"No public key is configured for {party}.", RefusalKind.NotNow);

    public static AuditRuleException SignatureDoesNotVerify(Party party) =>
        new(ErrorReasons.BadSignature, $"The signature does not verify with {party}'s public key over this checkpoint.",
            RefusalKind.BadInput, [new FieldViolation("signature", "does not verify")]);
}
