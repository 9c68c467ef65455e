using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Documents;
using CaseTracker.Tests.Support;
using Google.Protobuf;
using Grpc.Core;
using static CaseTracker.Tests.Documents.DocumentSupport;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Documents;

/// <summary>
/// Where an upload declares its SHA-256 — in the header, known before sending, or in the trailer, hashed while
/// sending — and what resuming means for each: the bytes the server holds count towards the hash, so bytes held from
/// other content are refused, never filed, and the upload starts again from byte 0.
/// </summary>
public sealed class DocumentUploadHashTests : IDisposable
{
    private readonly CaseTrackerHost _host = new();
    private readonly CaseTrackerClient _investigator;

    public DocumentUploadHashTests() => _investigator = _host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task UploadDocument_WithTheHashInTheTrailer_FilesTheDocument_WithTheServersSha256()
    {
        var c = await _investigator.CreateAsync();
        var content = Pdf(2 * MiB + 17);

        var document = await UploadRawAsync(_investigator, Header(c.Name, content), content, trailerSha256: Sha256(content));

        Assert.Equal(Sha256(content), document.Sha256);
        Assert.Equal(content, await DownloadAsync(_investigator, document.Name));
    }

    [Fact]
    public async Task UploadDocument_WithATrailerHashThatDoesNotMatch_IsRefused_AndFilesNothing()
    {
        var c = await _investigator.CreateAsync();
        var content = Pdf(100_000);

        var error = await RefusedAsync(() => UploadRawAsync(_investigator, Header(c.Name, content), content, trailerSha256: Sha256(Pdf(100_000))));

        AssertStatus(error, StatusCode.InvalidArgument, "SHA256_MISMATCH");
        Assert.Contains(Sha256(content), error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await _investigator.Documents.ListDocumentsAsync(new V1.ListDocumentsRequest { Parent = c.Name })).Documents);
    }

    [Fact]
    public async Task UploadDocument_WithAMessageAfterTheTrailer_IsRefused()
    {
        var c = await _investigator.CreateAsync();
        var content = Pdf(10_000);
        using var call = _investigator.Documents.UploadDocument();
        try
        {
            await call.RequestStream.WriteAsync(new V1.UploadDocumentRequest { Header = Header(c.Name, content) });
            await call.RequestStream.WriteAsync(new V1.UploadDocumentRequest { Trailer = new V1.UploadDocumentTrailer { Sha256 = Sha256(content) } });
            await call.RequestStream.WriteAsync(new V1.UploadDocumentRequest { Chunk = new V1.UploadDocumentChunk { Data = ByteString.CopyFrom(content) } });
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception)
        {
            // The server may have refused the call before the last write: its status is the answer.
        }

        var error = await RefusedAsync(() => call.ResponseAsync);

        AssertStatus(error, StatusCode.InvalidArgument, "INVALID_REQUEST");
        Assert.Equal("trailer", Assert.Single(error.FieldViolations()).Field);
    }

    [Fact]
    public async Task UploadDocument_ResumedWithTheHashInTheTrailer_HashesTheBytesHeldWithTheRest()
    {
        var c = await _investigator.CreateAsync();
        var content = Pdf(5 * MiB);
        var header = Header(c.Name, content);
        await DropAfterAsync(_host, _investigator, header, content, 3 * MiB);

        var document = await UploadRawAsync(_investigator, header, content, from: 3L * MiB, trailerSha256: Sha256(content));

        Assert.Equal(Sha256(content), document.Sha256);
        Assert.Equal(content, await DownloadAsync(_investigator, document.Name));
    }

    [Fact]
    public async Task UploadDocument_ResumedWithOtherContent_IsRefusedByTheTrailerHash_AndTheSameUploadIdThenStartsFromByteZero()
    {
        var c = await _investigator.CreateAsync();
        var first = Pdf(5 * MiB);
        var other = Pdf(5 * MiB);
        var header = Header(c.Name, first);
        await DropAfterAsync(_host, _investigator, header, first, 3 * MiB);

        var mixed = await RefusedAsync(() => UploadRawAsync(_investigator, header, other, from: 3L * MiB, trailerSha256: Sha256(other)));
        using var again = _investigator.Documents.UploadDocument();
        await again.RequestStream.WriteAsync(new V1.UploadDocumentRequest { Header = header });
        var held = (await again.ResponseHeadersAsync).GetValue(DocumentGrpcService.ReceivedBytesHeader);
        again.Dispose();
        var document = await UploadRawAsync(_investigator, header, other, trailerSha256: Sha256(other));

        AssertStatus(mixed, StatusCode.InvalidArgument, "SHA256_MISMATCH");
        Assert.Equal("0", held);
        Assert.Equal(Sha256(other), document.Sha256);
        Assert.Equal(other, await DownloadAsync(_investigator, document.Name));
    }

    [Fact]
    public async Task UploadDocumentAsync_TheSameFileAgain_ReturnsTheDocumentAlreadyFiled()
    {
        var c = await _investigator.CreateAsync();
        var content = Pdf(3 * MiB);

        var first = await _investigator.UploadDocumentAsync(c.Name, Draft(), new MemoryStream(content));
        var again = await _investigator.UploadDocumentAsync(c.Name, Draft(), new MemoryStream(content));

        Assert.Equal(first.Name, again.Name);
        Assert.Single((await _investigator.Documents.ListDocumentsAsync(new V1.ListDocumentsRequest { Parent = c.Name })).Documents);
    }

    [Fact]
    public async Task UploadDocumentAsync_AnotherFileWithTheSameTitleSizeAndEnds_IsFiledAsADocumentOfItsOwn()
    {
        var c = await _investigator.CreateAsync();
        var (first, other) = SameEnds(3 * MiB);

        var filed = await _investigator.UploadDocumentAsync(c.Name, Draft(), new MemoryStream(first));
        var second = await _investigator.UploadDocumentAsync(c.Name, Draft(), new MemoryStream(other));

        Assert.NotEqual(filed.Name, second.Name);
        Assert.Equal(Sha256(other), second.Sha256);
        Assert.Equal(other, await DownloadAsync(_investigator, second.Name));
    }

    [Fact]
    public async Task UploadDocumentAsync_ResumingWhereAnotherFileWasBrokenOff_StartsAgainFromByteZero_AndFilesItsOwnBytes()
    {
        var c = await _investigator.CreateAsync();
        var (first, other) = SameEnds(5 * MiB);
        using (var cancel = new CancellationTokenSource())
        {
            // The first file's upload stops after 3 MiB (its reads wait from there on) and is dropped once the server holds them.
            var stopped = _investigator.UploadDocumentAsync(c.Name, Draft(), new StalledStream(first, 3 * MiB), cancellationToken: cancel.Token);
            await WaitForHeldAsync(_host, 3L * MiB);
            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stopped);
        }
        var reported = new List<long>();

        var document = await _investigator.UploadDocumentAsync(c.Name, Draft(), new MemoryStream(other), new SynchronousProgress(reported.Add));

        Assert.Equal(3L * MiB, reported[0]);
        Assert.Equal(Sha256(other), document.Sha256);
        Assert.Equal(other, await DownloadAsync(_investigator, document.Name));
    }

    /// <summary>Two contents of one size whose first and last MiB are the same, and whose middle differs.</summary>
    private static (byte[] First, byte[] Other) SameEnds(int size)
    {
        var first = Pdf(size);
        var other = (byte[])first.Clone();
        Random.Shared.NextBytes(other.AsSpan(MiB, size - 2 * MiB));
        return (first, other);
    }

    /// <summary>Content whose reads past <paramref name="stallAt"/> wait until cancelled, as a file on a stalled disk or share would.</summary>
    private sealed class StalledStream(byte[] content, int stallAt) : MemoryStream(content, writable: false)
    {
        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            if (Position >= stallAt)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            return await base.ReadAsync(buffer, offset, (int)Math.Min(count, stallAt - Position), cancellationToken);
        }
    }

    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
