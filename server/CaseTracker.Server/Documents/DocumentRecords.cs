namespace CaseTracker.Server.Documents;

/// <summary>
/// An upload begun and not yet filed, by the caller's key and upload ID: what its header asked for (as a hash), so
/// that a resumed call is the same upload.
/// </summary>
public sealed class DocumentUploadRecord(string uploadKey, string caseId, string headerHash, DateTime createTime)
{
    public string UploadKey { get; private set; } = uploadKey;

    public string CaseId { get; private set; } = caseId;

    public string HeaderHash { get; private set; } = headerHash;

    public DateTime CreateTime { get; private set; } = createTime;
}

/// <summary>A piece of an upload received so far, in the database store.</summary>
public sealed class DocumentUploadChunk(string uploadKey, long offset, int length, byte[] data)
{
    public string UploadKey { get; private set; } = uploadKey;

    public long Offset { get; private set; } = offset;

    public int Length { get; private set; } = length;

    public byte[] Data { get; private set; } = data;
}

/// <summary>A piece of stored content, by the content's SHA-256 and the piece's offset, in the database store.</summary>
public sealed class DocumentContentChunk(string sha256, long offset, int length, byte[] data)
{
    public string Sha256 { get; private set; } = sha256;

    public long Offset { get; private set; } = offset;

    public int Length { get; private set; } = length;

    public byte[] Data { get; private set; } = data;
}
