using System.Security.Cryptography;
using CaseTracker.V1;

namespace CaseTracker.Client;

/// <summary>Writes one downloaded review file and checks it against the size and SHA-256 its first chunk announced.</summary>
internal sealed class ReviewFileSink : IDisposable
{
    private readonly string _path;
    private readonly FileStream _stream;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _completed;

    public ReviewFileSink(string directory, DownloadMonthlyReviewResponse first)
    {
        if (first.FileName.Length == 0 || Path.GetFileName(first.FileName) != first.FileName)
        {
            throw new InvalidDataException($"The server sent a file name that is not a plain file name: '{first.FileName}'.");
        }
        File = new MonthlyReviewFile { FileName = first.FileName, Sha256 = first.Sha256, SizeBytes = first.SizeBytes };
        _path = Path.Combine(directory, first.FileName);
        _stream = new FileStream(_path, FileMode.Create, FileAccess.Write);
    }

    public MonthlyReviewFile File { get; }

    public void Append(DownloadMonthlyReviewResponse chunk)
    {
        if (chunk.Offset != _stream.Position)
        {
            throw new InvalidDataException($"{File.FileName}: a chunk starts at {chunk.Offset}, expected {_stream.Position}.");
        }
        _stream.Write(chunk.Data.Span);
        _hash.AppendData(chunk.Data.Span);
    }

    public MonthlyReviewFile Complete()
    {
        var size = _stream.Length;
        _stream.Dispose();
        var sha256 = Convert.ToHexString(_hash.GetHashAndReset()).ToLowerInvariant();
        if (size != File.SizeBytes || !string.Equals(sha256, File.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            System.IO.File.Delete(_path);
            throw new InvalidDataException($"{File.FileName}: received {size} bytes with SHA-256 {sha256}; the server announced {File.SizeBytes} bytes with {File.Sha256}.");
        }
        _completed = true;
        return File;
    }

    public void Dispose()
    {
        _stream.Dispose();
        _hash.Dispose();
        if (!_completed && System.IO.File.Exists(_path))
        {
            System.IO.File.Delete(_path);
        }
    }
}
