using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace CaseTracker.Server.Documents;

/// <summary>
/// Content-addressed files: <c>{DataDirectory}/documents/{first two hex digits}/{sha256}</c>. An upload is written
/// to <c>documents/uploads/{hash of the upload key}.part</c> (its write-back to disk started as it arrives), fsynced,
/// renamed to its content path once its hash is known, and the folder fsynced, so a crash leaves either the part or
/// the whole content, never half of it.
/// </summary>
public sealed class FileContentStore(string dataDirectory) : IDocumentContentStore
{
    private const int PieceBytes = 1024 * 1024;

    private readonly string _root = Path.Combine(Path.GetFullPath(dataDirectory), "documents");

    public string ContentPath(string sha256) => Path.Combine(_root, sha256[..2], sha256);

    public string Describe(string sha256) => ContentPath(sha256);

    public Task<IUploadPart> OpenUploadAsync(string uploadKey, CancellationToken cancellationToken)
    {
        var uploads = Path.Combine(_root, "uploads");
        Directory.CreateDirectory(uploads);
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(uploadKey)));
        var path = Path.Combine(uploads, name + ".part");
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1, FileOptions.Asynchronous);
        stream.Seek(0, SeekOrigin.End);
        return Task.FromResult<IUploadPart>(new FilePart(this, path, stream));
    }

    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(string sha256, long offset, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = ContentPath(sha256);
        if (!File.Exists(path))
        {
            yield break;
        }
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        stream.Seek(offset, SeekOrigin.Begin);
        await foreach (var piece in Pieces(stream, long.MaxValue, cancellationToken))
        {
            yield return piece;
        }
    }

    public Task<bool> ContainsAsync(string sha256, CancellationToken cancellationToken) => Task.FromResult(File.Exists(ContentPath(sha256)));

    public Task DeleteAsync(string sha256, CancellationToken cancellationToken)
    {
        var path = ContentPath(sha256);
        File.Delete(path);
        SyncDirectory(Path.GetDirectoryName(path)!);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The stream's next <paramref name="length"/> bytes in pieces, each read ahead while the consumer works on the one
    /// before, into two pooled buffers (cleared when given back): a piece is valid until the consumer asks for the next.
    /// </summary>
    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Pieces(Stream stream, long length, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        byte[][] buffers = [ArrayPool<byte>.Shared.Rent(PieceBytes), ArrayPool<byte>.Shared.Rent(PieceBytes)];
        var left = length;
        var reading = ReadPieceAsync(stream, buffers[0], left, cancellationToken);
        try
        {
            for (var next = 1; ; next ^= 1)
            {
                var read = await reading;
                if (read == 0)
                {
                    yield break;
                }
                left -= read;
                reading = ReadPieceAsync(stream, buffers[next], left, cancellationToken);
                yield return buffers[next ^ 1].AsMemory(0, read);
            }
        }
        finally
        {
            // A consumer that stops early leaves a read running: it must end before its buffer goes back to the pool.
            try
            {
                await reading;
            }
            catch (Exception)
            {
                // Not wanted any more: the consumer stopped, or the loop above has thrown it already.
            }
            ArrayPool<byte>.Shared.Return(buffers[0], clearArray: true);
            ArrayPool<byte>.Shared.Return(buffers[1], clearArray: true);
        }
    }

    private static Task<int> ReadPieceAsync(Stream stream, byte[] buffer, long left, CancellationToken cancellationToken) =>
        left <= 0 ? Task.FromResult(0) : stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(PieceBytes, left)), cancellationToken).AsTask();

    /// <summary>Makes a rename or removal in <paramref name="directory"/> durable (POSIX: fsync the folder itself).</summary>
    private static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }
        var fd = Open(directory, 0);
        if (fd < 0)
        {
            throw new IOException($"Cannot open the folder {directory} to make its changes durable (errno {Marshal.GetLastPInvokeError()}).");
        }
        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"Cannot fsync the folder {directory} (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>
    /// Starts writing a range of the file to disk without waiting for it (Linux: <c>sync_file_range</c> with
    /// <c>SYNC_FILE_RANGE_WRITE</c>), so that the fsync that makes the upload durable waits for its last pieces only,
    /// not for all of it. Only a head start: the fsync is still what makes it durable, so a failure here is ignored.
    /// </summary>
    private static void StartWriteBack(FileStream stream, long offset, long length)
    {
        if (OperatingSystem.IsLinux())
        {
            _ = SyncFileRange((int)stream.SafeFileHandle.DangerousGetHandle(), offset, length, SyncFileRangeWrite);
        }
    }

    private const uint SyncFileRangeWrite = 2;

    [DllImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static extern int SyncFileRange(int fd, long offset, long length, uint flags);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);

    private sealed class FilePart(FileContentStore store, string path, FileStream stream) : IUploadPart
    {
        /// <summary>How much arrives between two write-backs started ahead of the fsync.</summary>
        private const long WriteBackBytes = 4L * 1024 * 1024;

        private bool _closed;
        private long _writtenBack = stream.Length;

        public long Received => stream.Length;

        public async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var end = stream.Length;
            stream.Seek(0, SeekOrigin.Begin);
            await foreach (var piece in Pieces(stream, end, cancellationToken))
            {
                yield return piece;
            }
            stream.Seek(0, SeekOrigin.End);
        }

        public async Task AppendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(data, cancellationToken);
            if (stream.Position - _writtenBack >= WriteBackBytes)
            {
                StartWriteBack(stream, _writtenBack, stream.Position - _writtenBack);
                _writtenBack = stream.Position;
            }
        }

        public async Task StoreAsync(string sha256, CancellationToken cancellationToken)
        {
            await stream.FlushAsync(cancellationToken);
            stream.Flush(flushToDisk: true);
            await CloseAsync();
            var target = store.ContentPath(sha256);
            var folder = Path.GetDirectoryName(target)!;
            if (!Directory.Exists(folder))
            {
                // A new prefix folder is an entry of the documents folder: durable before the content in it can be.
                Directory.CreateDirectory(folder);
                SyncDirectory(store._root);
            }
            if (File.Exists(target))
            {
                // The same bytes were filed before: content is kept once, and the part's removal need not be durable.
                File.Delete(path);
                return;
            }
            // One fsync of the file (above) and one of the folder it is renamed into: the rename is one step of the
            // file system's journal, so the uploads folder it leaves needs none of its own.
            File.Move(path, target);
            SyncDirectory(folder);
        }

        public async Task DiscardAsync(CancellationToken cancellationToken)
        {
            await CloseAsync();
            File.Delete(path);
        }

        public async ValueTask DisposeAsync()
        {
            if (!_closed)
            {
                // A dropped upload keeps what arrived, so that it can resume; flushed to the file, not fsynced:
                // nothing is acknowledged until StoreAsync.
                await CloseAsync();
            }
        }

        private async Task CloseAsync()
        {
            _closed = true;
            await stream.DisposeAsync();
        }
    }
}
