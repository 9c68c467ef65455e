using CaseTracker.Server.Cases;

namespace CaseTracker.Server.Reviews;

public enum ReviewState { Creating = 1, Ready = 2, Agreed = 3, Failed = 4 }

/// <summary>One month's review: the month has one, whoever asks for it and however often.</summary>
public sealed class MonthlyReviewRecord
{
    private MonthlyReviewRecord()
    {
        Month = OperationName = ManifestSha256 = CreatedBy = AsOfHash = string.Empty;
    }

    public MonthlyReviewRecord(ReviewMonth month, string createdBy, DateTime now)
    {
        Month = month.ToString();
        PeriodStart = month.Start;
        PeriodEnd = month.End;
        CreatedBy = createdBy;
        CreateTime = now;
        OperationName = ManifestSha256 = AsOfHash = string.Empty;
    }

    /// <summary><c>YYYY-MM</c>.</summary>
    public string Month { get; private set; }

    public ReviewState State { get; private set; }

    /// <summary>How many times building was started: a failed build is started again under a new operation.</summary>
    public int Attempt { get; private set; }

    public string OperationName { get; private set; }

    public DateTime PeriodStart { get; private set; }

    public DateTime PeriodEnd { get; private set; }

    public long AsOfSequence { get; private set; }

    public string AsOfHash { get; private set; }

    public string ManifestSha256 { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTime CreateTime { get; private set; }

    public DateTime? ReadyTime { get; private set; }

    public string Name => $"reviews/{Month}";

    /// <summary>Starts (or restarts, after a failure) building; returns the new operation's name.</summary>
    public string StartBuilding()
    {
        Attempt++;
        State = ReviewState.Creating;
        OperationName = $"operations/review-{Month}-{Attempt}";
        return OperationName;
    }

    public void Built(long asOfSequence, string asOfHash, string manifestSha256, DateTime now)
    {
        State = ReviewState.Ready;
        AsOfSequence = asOfSequence;
        AsOfHash = asOfHash;
        ManifestSha256 = manifestSha256;
        ReadyTime = now;
    }

    public void Failed() => State = ReviewState.Failed;

    public void Agreed() => State = ReviewState.Agreed;
}

/// <summary>One file of a review; its bytes are in <see cref="ReviewFileChunk"/> rows.</summary>
public sealed class ReviewFileRecord(string month, string fileName, int ordinal, string mediaType, long sizeBytes, string sha256)
{
    public string Month { get; private set; } = month;

    public string FileName { get; private set; } = fileName;

    public int Ordinal { get; private set; } = ordinal;

    public string MediaType { get; private set; } = mediaType;

    public long SizeBytes { get; private set; } = sizeBytes;

    public string Sha256 { get; private set; } = sha256;
}

/// <summary>Up to 64 KiB of a review file, so files are written and read without holding them whole.</summary>
public sealed class ReviewFileChunk
{
    private ReviewFileChunk()
    {
        Month = FileName = string.Empty;
        Data = [];
    }

    public string Month { get; private set; }

    public string FileName { get; private set; }

    public int Index { get; private set; }

    public byte[] Data { get; private set; }
}

/// <summary>A party's approval of a review's manifest.</summary>
public sealed class ReviewSignatureRecord(string month, Party party, string signer, Role role, string manifestSha256, DateTime signTime)
{
    public string Month { get; private set; } = month;

    public Party Party { get; private set; } = party;

    public string Signer { get; private set; } = signer;

    public Role Role { get; private set; } = role;

    public string ManifestSha256 { get; private set; } = manifestSha256;

    public DateTime SignTime { get; private set; } = signTime;
}
