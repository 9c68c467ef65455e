using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Grpc;

namespace CaseTracker.Server.Audit;

/// <summary>An event of the log as the contract gives it.</summary>
public static class CaseEventMapper
{
    public static V1.CaseEvent ToProto(CaseEventRecord e) => new()
    {
        Name = $"caseEvents/{e.Sequence}",
        Sequence = e.Sequence,
        Case = CaseNames.Format(e.CaseId),
        Type = ContractNames.TryParse<V1.CaseEventType>(e.Type, out var type) ? type : V1.CaseEventType.Unspecified,
        Actor = e.Actor,
        ActorParty = ContractNames.TryParse<V1.Party>(e.ActorParty, out var party) ? party : V1.Party.Unspecified,
        ActorRole = ContractNames.TryParse<V1.Role>(e.ActorRole, out var role) ? role : V1.Role.Unspecified,
        EventTime = ProtoTime.Of(e.EventTime),
        Payload = e.Payload,
        PreviousHash = e.PreviousHash,
        Hash = e.Hash,
    };
}
