using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace CaseTracker.Server.Documents;

/// <summary>
/// Content-addressed files: <c>{DataDirectory}/documents/{first two hex digits}/{sha256}</c>. An upload is written
/// to <c>documents/uploads/{hash of the upload key}.part</c>, fsynced, renamed to its content path once its hash is
/// known, and the folder fsynced, so a crash leaves either the part or the whole content, never half of it.
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

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Pieces(Stream stream, long length, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = new byte[PieceBytes];
        var left = length;
        while (left > 0)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken);
            if (read == 0)
            {
                yield break;
            }
            left -= read;
            // Each piece is its own copy: the consumer may still hold the last one while the next is read.
            yield return buffer.AsMemory(0, read).ToArray();
        }
    }

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

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);

    private sealed class FilePart(FileContentStore store, string path, FileStream stream) : IUploadPart
    {
        private bool _closed;

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

        public async Task AppendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
            await stream.WriteAsync(data, cancellationToken);

        public async Task StoreAsync(string sha256, CancellationToken cancellationToken)
        {
            await stream.FlushAsync(cancellationToken);
            stream.Flush(flushToDisk: true);
            await CloseAsync();
            var target = store.ContentPath(sha256);
            var folder = Path.GetDirectoryName(target)!;
            Directory.CreateDirectory(folder);
            if (File.Exists(target))
            {
                // The same bytes were filed before: content is kept once.
                File.Delete(path);
            }
            else
            {
                File.Move(path, target);
                SyncDirectory(folder);
            }
            SyncDirectory(Path.GetDirectoryName(path)!);
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
