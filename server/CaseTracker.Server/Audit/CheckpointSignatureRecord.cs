using CaseTracker.Server.Cases;

namespace CaseTracker.Server.Audit;

/// <summary>A party's signature over the log at one sequence, verified before it was stored.</summary>
public sealed class CheckpointSignatureRecord
{
    private CheckpointSignatureRecord()
    {
        Signature = [];
        Signer = string.Empty;
    }

    public CheckpointSignatureRecord(long sequence, Party party, byte[] signature, string signer, DateTime signTime)
    {
        Sequence = sequence;
        Party = party;
        Signature = signature;
        Signer = signer;
        SignTime = signTime;
    }

    /// <summary>A party signs a checkpoint once; signing it again replaces its signature.</summary>
    public void Replace(byte[] signature, string signer, DateTime signTime)
    {
        Signature = signature;
        Signer = signer;
        SignTime = signTime;
    }

    public long Sequence { get; private set; }

    public Party Party { get; private set; }

    public byte[] Signature { get; private set; }

    public string Signer { get; private set; }

    public DateTime SignTime { get; private set; }
}
