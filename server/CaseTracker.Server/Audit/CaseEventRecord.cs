namespace CaseTracker.Server.Audit;

/// <summary>
/// One row of the append-only case event log. Rows are only ever inserted: there is no code path that
/// updates or deletes one, and every field is fixed at construction.
/// </summary>
public sealed class CaseEventRecord
{
    private CaseEventRecord()
    {
        CaseId = Type = Actor = ActorParty = ActorRole = Payload = PreviousHash = Hash = string.Empty;
    }

    public CaseEventRecord(
        long sequence, string caseId, string type, string actor, string actorParty, string actorRole,
        DateTime eventTime, string payload, string previousHash, string hash)
    {
        Sequence = sequence;
        CaseId = caseId;
        Type = type;
        Actor = actor;
        ActorParty = actorParty;
        ActorRole = actorRole;
        EventTime = eventTime;
        Payload = payload;
        PreviousHash = previousHash;
        Hash = hash;
    }

    public long Sequence { get; private init; }

    public string CaseId { get; private init; }

    /// <summary>The contract's enum value name, for example <c>CASE_EVENT_TYPE_CASE_CREATED</c>.</summary>
    public string Type { get; private init; }

    public string Actor { get; private init; }

    /// <summary>The contract's enum value name, for example <c>PARTY_TJ</c>.</summary>
    public string ActorParty { get; private init; }

    /// <summary>The contract's enum value name, for example <c>ROLE_SUPERVISOR</c>.</summary>
    public string ActorRole { get; private init; }

    public DateTime EventTime { get; private init; }

    public string Payload { get; private init; }

    public string PreviousHash { get; private init; }

    public string Hash { get; private init; }
}
