using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CaseTracker.V1;

namespace CaseTracker.Client.Audit;

/// <summary>
/// The canonical encoding of a case event and of a checkpoint, as documented on
/// <c>casetracker.v1.CaseEvent</c> and <c>casetracker.v1.LogCheckpoint</c>. The server and every verifier
/// use this one implementation.
/// </summary>
public static class CaseEventHashing
{
    /// <summary>The <c>previous_hash</c> of the first event: 64 zeros.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>The lowercase hex SHA-256 of an event's canonical encoding.</summary>
    /// <param name="sequence">The event's sequence number.</param>
    /// <param name="caseName">The case resource name, <c>cases/{case}</c>.</param>
    /// <param name="type">The event type's enum value name, for example <c>CASE_EVENT_TYPE_CASE_CREATED</c>.</param>
    /// <param name="actor">The actor's user ID.</param>
    /// <param name="actorParty">The actor's party enum value name, for example <c>PARTY_TJ</c>.</param>
    /// <param name="actorRole">The actor's role enum value name, for example <c>ROLE_SUPERVISOR</c>.</param>
    /// <param name="eventTime">The event time (UTC); only whole microseconds count.</param>
    /// <param name="payload">The event's payload JSON.</param>
    /// <param name="previousHash">The previous event's hash.</param>
    public static string Compute(
        long sequence, string caseName, string type, string actor, string actorParty, string actorRole, DateTime eventTime, string payload, string previousHash)
    {
        var canonical = new StringBuilder()
            .Append(sequence.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(caseName).Append('\n')
            .Append(type).Append('\n')
            .Append(actor).Append('\n')
            .Append(actorParty).Append('\n')
            .Append(actorRole).Append('\n')
            .Append(FormatTime(eventTime)).Append('\n')
            .Append(payload.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n')
            .Append(previousHash).Append('\n')
            .ToString();
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))).ToLowerInvariant();
    }

    /// <summary>Recomputes the hash of an event as received from the service.</summary>
    /// <param name="e">The event.</param>
    public static string Compute(CaseEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return Compute(e.Sequence, e.Case, ContractNames.Of(e.Type), e.Actor, ContractNames.Of(e.ActorParty), ContractNames.Of(e.ActorRole),
            e.EventTime.ToDateTime(), e.Payload, e.PreviousHash);
    }

    /// <summary>RFC 3339 UTC with exactly six fractional digits.</summary>
    /// <param name="utc">The time.</param>
    public static string FormatTime(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The UTF-8 bytes a party signs for a checkpoint.</summary>
    /// <param name="sequence">The checkpoint's sequence number.</param>
    /// <param name="hash">The hash of the event at that sequence.</param>
    public static byte[] CheckpointText(long sequence, string hash) =>
        Encoding.UTF8.GetBytes($"casetracker.v1 checkpoint\n{sequence.ToString(CultureInfo.InvariantCulture)}\n{hash}\n");

    /// <summary>Signs a checkpoint with a party's private key (ECDSA P-256, SHA-256, IEEE P1363).</summary>
    /// <param name="key">The party's signing key.</param>
    /// <param name="sequence">The checkpoint's sequence number.</param>
    /// <param name="hash">The hash of the event at that sequence.</param>
    public static byte[] SignCheckpoint(ECDsa key, long sequence, string hash)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.SignData(CheckpointText(sequence, hash), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>Whether a checkpoint signature verifies with a party's public key.</summary>
    /// <param name="key">The party's public key.</param>
    /// <param name="sequence">The checkpoint's sequence number.</param>
    /// <param name="hash">The hash of the event at that sequence.</param>
    /// <param name="signature">The signature to check.</param>
    public static bool VerifyCheckpoint(ECDsa key, long sequence, string hash, byte[] signature)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.VerifyData(CheckpointText(sequence, hash), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }
}
