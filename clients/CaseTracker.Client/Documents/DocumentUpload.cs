using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CaseTracker.V1;
using Google.Protobuf;
using Grpc.Core;

namespace CaseTracker.Client;

/// <summary>
/// One document upload, reading the content once: sends the header, reads from the response header how many bytes
/// the server already holds, then reads the content from its start, hashing every byte and sending those the server
/// lacks in 1 MiB chunks (the next chunk read while this one is sent), and declares the SHA-256 in the trailer. When
/// the stream breaks on a failure another attempt may not meet, it starts another call with the same
/// <c>upload_id</c> after a jittered growing wait, until no byte has been stored for
/// <see cref="CaseTrackerClientOptions.ImportGiveUpAfter"/>.
/// </summary>
/// <remarks>
/// The <c>upload_id</c> is chosen before the content is hashed (<see cref="IdBeforeHashingAsync"/>), so two different
/// contents may meet under one ID. That is never filed wrongly: bytes held from other content make the declared hash
/// differ (<c>SHA256_MISMATCH</c>, the server discards them, and the upload starts again from byte 0); a document
/// already filed under the ID with another hash is not taken for this one, and the upload goes again under the ID
/// derived from the content's SHA-256, which is then declared in the header too.
/// </remarks>
internal sealed class DocumentUpload(
    DocumentService.DocumentServiceClient documents, CaseTrackerClientOptions options, UploadDocumentHeader header, Stream content, IProgress<long>? progress)
{
    /// <summary>The response header in which the server says how many bytes of the upload it holds.</summary>
    public const string ReceivedBytesHeader = "casetracker-upload-received-bytes";

    /// <summary>The largest chunk the server takes.</summary>
    public const int ChunkBytes = 1024 * 1024;

    private const string Sha256Mismatch = "SHA256_MISMATCH";

    public async Task<Document> RunAsync(CancellationToken cancellationToken)
    {
        var backoff = options.InitialBackoff;
        var lastProgress = DateTime.UtcNow;
        var best = 0L;
        var startedOver = false;
        while (true)
        {
            var sent = new SentBytes();
            try
            {
                var (filed, sha256) = await SendAsync(sent, cancellationToken).ConfigureAwait(false);
                sha256 ??= await HashAsync(content, cancellationToken).ConfigureAwait(false);
                if (filed.Sha256 == sha256)
                {
                    return filed;
                }
                if (header.Sha256.Length > 0)
                {
                    throw CaseTrackerException.OnClient(StatusCode.Internal, Sha256Mismatch,
                        $"The server answered upload {header.UploadId} with {filed.Name}, whose SHA-256 {filed.Sha256} is not the content's {sha256}.");
                }
                // Another content was filed under the ID chosen before hashing: file this one under its own hash.
                header.UploadId = IdOf(header.Parent, sha256, header.Document.Title);
                header.Sha256 = sha256;
            }
            catch (CaseTrackerException error) when (error.Reason == Sha256Mismatch && sent.Resumed && !startedOver)
            {
                // The bytes the server held were not the start of this content; it has discarded them.
                startedOver = true;
            }
            catch (CaseTrackerException error) when (IsResumable(error) && DateTime.UtcNow - lastProgress < options.ImportGiveUpAfter)
            {
                if (sent.Held > best)
                {
                    best = sent.Held;
                    lastProgress = DateTime.UtcNow;
                    backoff = options.InitialBackoff;
                }
                var wait = (Failures.IsRateLimited(error) ? Failures.RetryDelay(error) : null) ?? Backoff.Jittered(backoff);
                backoff = Backoff.Grow(backoff, options.MaxBackoff);
                await Backoff.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One call: the document the server answered with, and the content's SHA-256 if this call hashed all of it.</summary>
    private async Task<(Document Filed, string? Sha256)> SendAsync(SentBytes sent, CancellationToken cancellationToken)
    {
        using var call = documents.UploadDocument(cancellationToken: cancellationToken);
        string? sha256 = null;
        try
        {
            await call.RequestStream.WriteAsync(new UploadDocumentRequest { Header = header }, cancellationToken).ConfigureAwait(false);
            var held = Received(await call.ResponseHeadersAsync.ConfigureAwait(false));
            sent.Held = held;
            sent.Resumed = held > 0;
            progress?.Report(held);
            sha256 = await SendContentAsync(call.RequestStream, held, sent, cancellationToken).ConfigureAwait(false);
            await call.RequestStream.WriteAsync(new UploadDocumentRequest { Trailer = new UploadDocumentTrailer { Sha256 = sha256 } }, cancellationToken)
                .ConfigureAwait(false);
            await call.RequestStream.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Writing fails when the server has ended the call early: a refusal or a dropped connection, whose status
            // is what the caller sees, or a document already filed under this upload_id, which is the answer. Either
            // way the call's response says which.
        }
        return (await call.ResponseAsync.ConfigureAwait(false), sha256);
    }

    /// <summary>
    /// Reads the content from its start into two pooled buffers, reading the next chunk while this one is sent and
    /// hashed; sends only the bytes from <paramref name="held"/> on, and returns the SHA-256 of all of it.
    /// </summary>
    private async Task<string> SendContentAsync(IClientStreamWriter<UploadDocumentRequest> requests, long held, SentBytes sent, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[][] buffers = [ArrayPool<byte>.Shared.Rent(ChunkBytes), ArrayPool<byte>.Shared.Rent(ChunkBytes)];
        Task<int>? reading = null;
        try
        {
            content.Seek(0, SeekOrigin.Begin);
            reading = content.ReadAsync(buffers[0], 0, ChunkBytes, cancellationToken);
            var offset = 0L;
            for (var current = 0; ; current ^= 1)
            {
                var read = await reading.ConfigureAwait(false);
                if (read == 0)
                {
                    return Hex(hash.GetHashAndReset());
                }
                reading = content.ReadAsync(buffers[current ^ 1], 0, ChunkBytes, cancellationToken);
                var chunk = buffers[current].AsMemory(0, read);
                var skip = (int)Math.Clamp(held - offset, 0, read);
                // The chunk wraps the buffer (no copy): it is not reused before the write has taken it.
                var sending = skip == read
                    ? Task.CompletedTask
                    : requests.WriteAsync(new UploadDocumentRequest
                    {
                        Chunk = new UploadDocumentChunk { Offset = offset + skip, Data = UnsafeByteOperations.UnsafeWrap(chunk[skip..]) },
                    }, cancellationToken);
                hash.AppendData(chunk.Span);
                await sending.ConfigureAwait(false);
                offset += read;
                if (offset > held)
                {
                    sent.Held = offset;
                    progress?.Report(offset);
                }
            }
        }
        finally
        {
            // A failed write leaves a read running: it must end before its buffer goes back to the pool.
            if (reading is not null)
            {
                await Task.WhenAny(reading).ConfigureAwait(false);
            }
            ArrayPool<byte>.Shared.Return(buffers[0], clearArray: true);
            ArrayPool<byte>.Shared.Return(buffers[1], clearArray: true);
        }
    }

    private static long Received(Metadata headers) =>
        headers.GetValue(ReceivedBytesHeader) is { } value && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var held) ? held : 0;

    /// <summary>A break another attempt can get past: the path or the server failed, the caller sent too fast, or an earlier call still holds the upload.</summary>
    private static bool IsResumable(CaseTrackerException error) =>
        Failures.IsTransient(error) || Failures.IsRateLimited(error) || error.Reason == "UPLOAD_IN_PROGRESS";

    /// <summary>
    /// The <c>upload_id</c> for content not hashed yet: from the case, the title, the size, and the SHA-256 of the
    /// first and the last MiB, so that the same file uploaded again (by this process or after it stopped) resumes or
    /// finds its document, and another file of the same title rarely meets it (see the class remarks when it does).
    /// </summary>
    public static async Task<string> IdBeforeHashingAsync(string caseName, string title, Stream content, CancellationToken cancellationToken)
    {
        var size = content.Length;
        var buffer = new byte[(int)Math.Min(size, ChunkBytes)];
        content.Seek(0, SeekOrigin.Begin);
        await content.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        var first = Hex(SHA256.HashData(buffer));
        content.Seek(size - buffer.Length, SeekOrigin.Begin);
        await content.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        var last = Hex(SHA256.HashData(buffer));
        content.Seek(0, SeekOrigin.Begin);
        return IdOf(caseName, $"{size.ToString(CultureInfo.InvariantCulture)}:{first}:{last}", title);
    }

    /// <summary>The <c>upload_id</c> of content known by <paramref name="fingerprint"/>: its SHA-256, or what stands for it before hashing.</summary>
    public static string IdOf(string caseName, string fingerprint, string title) =>
        Hex(SHA256.HashData(Encoding.UTF8.GetBytes($"{caseName}\n{fingerprint}\n{title}")))[..32];

    /// <summary>The SHA-256 of the content from its start, leaving the stream at its start.</summary>
    public static async Task<string> HashAsync(Stream content, CancellationToken cancellationToken)
    {
        content.Seek(0, SeekOrigin.Begin);
        var hash = Hex(await SHA256.HashDataAsync(content, cancellationToken).ConfigureAwait(false));
        content.Seek(0, SeekOrigin.Begin);
        return hash;
    }

    /// <summary>A hash as the server writes it: lower-case hex (Convert.ToHexStringLower is not in .NET 8, which ministries still run).</summary>
    private static string Hex(byte[] hash) => Convert.ToHexString(hash).ToLowerInvariant();

    private sealed class SentBytes
    {
        /// <summary>How many bytes the server holds or has been sent.</summary>
        public long Held { get; set; }

        /// <summary>Whether the server held bytes of this upload when the call began.</summary>
        public bool Resumed { get; set; }
    }
}
