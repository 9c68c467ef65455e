using System.Globalization;
using System.Security.Cryptography;
using CaseTracker.V1;
using Google.Protobuf;
using Grpc.Core;

namespace CaseTracker.Client;

/// <summary>
/// One document upload: hashes the content first (so the server checks it), sends the header, reads from the
/// response header how many bytes the server already holds, and sends the rest in 1 MiB chunks. When the stream
/// breaks on a failure another attempt may not meet, it starts another call with the same <c>upload_id</c> after a
/// jittered growing wait, until no byte has been stored for <see cref="CaseTrackerClientOptions.ImportGiveUpAfter"/>.
/// </summary>
internal sealed class DocumentUpload(
    DocumentService.DocumentServiceClient documents, CaseTrackerClientOptions options, UploadDocumentHeader header, Stream content, IProgress<long>? progress)
{
    /// <summary>The response header in which the server says how many bytes of the upload it holds.</summary>
    public const string ReceivedBytesHeader = "casetracker-upload-received-bytes";

    /// <summary>The largest chunk the server takes.</summary>
    public const int ChunkBytes = 1024 * 1024;

    public async Task<Document> RunAsync(CancellationToken cancellationToken)
    {
        var backoff = options.InitialBackoff;
        var lastProgress = DateTime.UtcNow;
        var best = 0L;
        while (true)
        {
            var sent = new SentBytes();
            try
            {
                return await SendAsync(sent, cancellationToken).ConfigureAwait(false);
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

    private async Task<Document> SendAsync(SentBytes sent, CancellationToken cancellationToken)
    {
        using var call = documents.UploadDocument(cancellationToken: cancellationToken);
        try
        {
            await call.RequestStream.WriteAsync(new UploadDocumentRequest { Header = header }, cancellationToken).ConfigureAwait(false);
            var held = Received(await call.ResponseHeadersAsync.ConfigureAwait(false));
            sent.Held = held;
            progress?.Report(held);
            content.Seek(held, SeekOrigin.Begin);
            var buffer = new byte[ChunkBytes];
            var offset = held;
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await call.RequestStream.WriteAsync(new UploadDocumentRequest
                {
                    Chunk = new UploadDocumentChunk { Offset = offset, Data = ByteString.CopyFrom(buffer, 0, read) },
                }, cancellationToken).ConfigureAwait(false);
                offset += read;
                sent.Held = offset;
                progress?.Report(offset);
            }
            await call.RequestStream.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Writing fails when the server has ended the call early (a refusal, a dropped connection): the
            // call's own status says why, and is what the caller sees.
            await call.ResponseAsync.ConfigureAwait(false);
            throw;
        }
        return await call.ResponseAsync.ConfigureAwait(false);
    }

    private static long Received(Metadata headers) =>
        headers.GetValue(ReceivedBytesHeader) is { } value && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var held) ? held : 0;

    /// <summary>A break another attempt can get past: the path or the server failed, the caller sent too fast, or an earlier call still holds the upload.</summary>
    private static bool IsResumable(CaseTrackerException error) =>
        Failures.IsTransient(error) || Failures.IsRateLimited(error) || error.Reason == "UPLOAD_IN_PROGRESS";

    /// <summary>The SHA-256 of the content from its start, leaving the stream at its start.</summary>
    public static async Task<string> HashAsync(Stream content, CancellationToken cancellationToken)
    {
        content.Seek(0, SeekOrigin.Begin);
        var hash = Convert.ToHexString(await SHA256.HashDataAsync(content, cancellationToken).ConfigureAwait(false)).ToLowerInvariant();
        content.Seek(0, SeekOrigin.Begin);
        return hash;
    }

    private sealed class SentBytes
    {
        public long Held { get; set; }
    }
}
