using CaseTracker.Server.Grpc;
using Google.Protobuf;

namespace CaseTracker.Server.Audit;

public static class CheckpointMapper
{
    public static V1.LogCheckpoint ToProto(long sequence, string hash, IEnumerable<CheckpointSignatureRecord> signatures) => new()
    {
        Sequence = sequence,
        Hash = hash,
        Signatures =
        {
            signatures.Select(s => new V1.CheckpointSignature
            {
                Party = (V1.Party)s.Party,
                Signature = ByteString.CopyFrom(s.Signature),
                Signer = s.Signer,
                SignTime = ProtoTime.Of(s.SignTime),
            }),
        },
    };
}
