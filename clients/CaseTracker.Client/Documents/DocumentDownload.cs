using System.Security.Cryptography;
using CaseTracker.V1;
using Grpc.Core;

namespace CaseTracker.Client;

/// <summary>
/// One document download into a stream: writes the pieces in order, hashing each while it is written and the next
/// one arrives, and when the stream breaks on a failure another attempt may not meet, asks again from the byte offset
/// reached. At the end the bytes must have the SHA-256 and size the server announced, or the download fails with
/// DATA_LOSS.
/// </summary>
internal sealed class DocumentDownload(
    DocumentService.DocumentServiceClient documents, CaseTrackerClientOptions options, string name, Stream destination, IProgress<long>? progress)
{
    public async Task<DownloadedDocument> RunAsync(CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var received = 0L;
        var announced = (Sha256: string.Empty, Size: -1L);
        var backoff = options.InitialBackoff;
        var lastProgress = DateTime.UtcNow;
        while (true)
        {
            try
            {
                using var call = documents.DownloadDocument(new DownloadDocumentRequest { Name = name, Offset = received }, cancellationToken: cancellationToken);
                var pieces = call.ResponseStream;
                var next = pieces.MoveNext(cancellationToken);
                while (await next.ConfigureAwait(false))
                {
                    var piece = pieces.Current;
                    if (piece.Sha256.Length > 0)
                    {
                        announced = (piece.Sha256, piece.SizeBytes);
                    }
                    if (piece.Offset != received)
                    {
                        throw Mismatch($"the server sent bytes from {piece.Offset} where {received} were expected");
                    }
                    // Three things at once: the next piece arrives, this one is written, and this thread hashes it.
                    next = pieces.MoveNext(cancellationToken);
                    var writing = destination.WriteAsync(piece.Data.Memory, cancellationToken);
                    hash.AppendData(piece.Data.Span);
                    await writing.ConfigureAwait(false);
                    received += piece.Data.Length;
                    lastProgress = DateTime.UtcNow;
                    progress?.Report(received);
                }
                break;
            }
            catch (CaseTrackerException error) when ((Failures.IsTransient(error) || Failures.IsRateLimited(error)) && DateTime.UtcNow - lastProgress < options.ImportGiveUpAfter)
            {
                var wait = (Failures.IsRateLimited(error) ? Failures.RetryDelay(error) : null) ?? Backoff.Jittered(backoff);
                backoff = Backoff.Grow(backoff, options.MaxBackoff);
                await Backoff.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
            }
        }
        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        var sha256 = Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
        if (received != announced.Size || sha256 != announced.Sha256)
        {
            throw Mismatch($"received {received} bytes hashing to {sha256}; the server announced {announced.Size} bytes with SHA-256 {announced.Sha256}");
        }
        return new DownloadedDocument(name, sha256, received);
    }

    private CaseTrackerException Mismatch(string what) =>
        CaseTrackerException.OnClient(StatusCode.DataLoss, CaseTrackerException.DownloadMismatch, $"The download of {name} does not match: {what}.");
}

/// <summary>A document's content as downloaded and checked.</summary>
/// <param name="Name">The document, <c>cases/{case}/documents/{document}</c>.</param>
/// <param name="Sha256">The SHA-256 of the bytes received, which matched the one the server announced.</param>
/// <param name="SizeBytes">How many bytes were received.</param>
public sealed record DownloadedDocument(string Name, string Sha256, long SizeBytes);
