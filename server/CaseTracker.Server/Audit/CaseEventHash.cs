using CaseTracker.Client.Audit;
using CaseTracker.Server.Cases;

namespace CaseTracker.Server.Audit;

/// <summary>
/// The hash of a stored event, by the one canonical encoding the client library defines
/// (<see cref="CaseEventHashing"/>), so that the server and every verifier agree byte for byte.
/// </summary>
public static class CaseEventHash
{
    /// <summary>The previous hash of the first event.</summary>
    public static readonly string Genesis = CaseEventHashing.Genesis;

    public static string Compute(
        long sequence, string caseName, string type, string actor, string actorParty, string actorRole, DateTime eventTime,
        string payload, string previousHash) =>
        CaseEventHashing.Compute(sequence, caseName, type, actor, actorParty, actorRole, eventTime, payload, previousHash);

    public static string Compute(CaseEventRecord e) =>
        Compute(e.Sequence, CaseNames.Format(e.CaseId), e.Type, e.Actor, e.ActorParty, e.ActorRole, e.EventTime, e.Payload, e.PreviousHash);

    /// <summary>RFC 3339 UTC with exactly six fractional digits.</summary>
    public static string FormatTime(DateTime utc) => CaseEventHashing.FormatTime(utc);
}
