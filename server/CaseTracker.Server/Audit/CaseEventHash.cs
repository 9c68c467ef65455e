using System.Globalization;
using System.Security.Cryptography;
using System.Text;

using CaseTracker.Server.Cases;

namespace CaseTracker.Server.Audit;

/// <summary>
/// The canonical encoding and SHA-256 of a case event, exactly as documented on
/// <c>casetracker.v1.CaseEvent</c> so that either government can recompute every link itself.
/// </summary>
public static class CaseEventHash
{
    /// <summary>The previous hash of the first event.</summary>
    public static readonly string Genesis = new('0', 64);

    public static string Compute(
        long sequence, string caseName, string type, string actor, string actorParty, DateTime eventTime,
        string payload, string previousHash)
    {
        var canonical = new StringBuilder()
            .Append(sequence.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(caseName).Append('\n')
            .Append(type).Append('\n')
            .Append(actor).Append('\n')
            .Append(actorParty).Append('\n')
            .Append(FormatTime(eventTime)).Append('\n')
            .Append(payload.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n')
            .Append(previousHash).Append('\n')
            .ToString();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    public static string Compute(CaseEventRecord e) =>
        Compute(e.Sequence, CaseNames.Format(e.CaseId), e.Type, e.Actor, e.ActorParty, e.EventTime, e.Payload, e.PreviousHash);

    /// <summary>RFC 3339 UTC with exactly six fractional digits.</summary>
    public static string FormatTime(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
