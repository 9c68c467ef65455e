using System.Security.Cryptography;
using CaseTracker.Client;
using CaseTracker.Server.Documents;
using CaseTracker.Server.Storage;
using CaseTracker.Tests.Support;
using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseTracker.Tests.Documents;

/// <summary>Contents to upload, and uploads sent message by message as a client without the library would.</summary>
public static class DocumentSupport
{
    public const int MiB = 1024 * 1024;

    /// <summary>A PDF's worth of bytes: the PDF signature, then random bytes.</summary>
    public static byte[] Pdf(int size)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static V1.Document Draft(string title = "Expulsion order 77-123", V1.DocumentSensitivity sensitivity = V1.DocumentSensitivity.Normal) =>
        new() { Title = title, Kind = V1.DocumentKind.Order, Language = "ru", Sensitivity = sensitivity };

    public static V1.UploadDocumentHeader Header(string caseName, byte[] content, string? uploadId = null, string sha256 = "", V1.Document? document = null) => new()
    {
        Parent = caseName,
        UploadId = uploadId ?? Guid.NewGuid().ToString("N"),
        Document = document ?? Draft(),
        SizeBytes = content.Length,
        Sha256 = sha256,
    };

    /// <summary>
    /// Sends the header, then <paramref name="content"/> from <paramref name="from"/> in chunks of <paramref name="chunk"/>
    /// bytes, then a trailer if <paramref name="trailerSha256"/> is given, and completes.
    /// </summary>
    public static async Task<V1.Document> UploadRawAsync(
        CaseTrackerClient client, V1.UploadDocumentHeader header, byte[] content, int chunk = MiB, long from = 0, string? trailerSha256 = null)
    {
        using var call = client.Documents.UploadDocument();
        try
        {
            await call.RequestStream.WriteAsync(new V1.UploadDocumentRequest { Header = header });
            for (var offset = from; offset < content.Length; offset += chunk)
            {
                var length = (int)Math.Min(chunk, content.Length - offset);
                await call.RequestStream.WriteAsync(new V1.UploadDocumentRequest
                {
                    Chunk = new V1.UploadDocumentChunk { Offset = offset, Data = ByteString.CopyFrom(content, (int)offset, length) },
                });
            }
            if (trailerSha256 is not null)
            {
                await call.RequestStream.WriteAsync(new V1.UploadDocumentRequest { Trailer = new V1.UploadDocumentTrailer { Sha256 = trailerSha256 } });
            }
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception)
        {
            // The server ended the call early (a refusal, or the document already filed under this upload_id): a
            // write can fail before the client has seen the call's status, which is the answer either way.
        }
        return await call.ResponseAsync;
    }

    /// <summary>Sends the header and the first <paramref name="bytes"/> of <paramref name="content"/>, waits until the server holds them, and drops the call.</summary>
    public static async Task DropAfterAsync(CaseTrackerHost host, CaseTrackerClient client, V1.UploadDocumentHeader header, byte[] content, int bytes)
    {
        using var cancel = new CancellationTokenSource();
        using var dropped = client.Documents.UploadDocument(cancellationToken: cancel.Token);
        await dropped.RequestStream.WriteAsync(new V1.UploadDocumentRequest { Header = header });
        for (var offset = 0; offset < bytes; offset += MiB)
        {
            await dropped.RequestStream.WriteAsync(new V1.UploadDocumentRequest
            {
                Chunk = new V1.UploadDocumentChunk { Offset = offset, Data = ByteString.CopyFrom(content, offset, Math.Min(MiB, bytes - offset)) },
            });
        }
        await WaitForHeldAsync(host, bytes);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<Exception>(() => dropped.ResponseAsync);
    }

    /// <summary>Waits until the server holds <paramref name="bytes"/> of an upload not filed yet (the largest part in its store).</summary>
    public static async Task WaitForHeldAsync(CaseTrackerHost host, long bytes)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (await HeldAsync(host) >= bytes)
            {
                return;
            }
            await Task.Delay(20);
        }
        Assert.Fail($"The server never held {bytes} bytes of the upload (parts in {Path.Combine(host.DataDirectory, "documents", "uploads")}).");
    }

    private static async Task<long> HeldAsync(CaseTrackerHost host)
    {
        if (host.Services.GetRequiredService<IDocumentContentStore>() is FileContentStore)
        {
            var folder = Path.Combine(host.DataDirectory, "documents", "uploads");
            return Directory.Exists(folder) ? Directory.GetFiles(folder, "*.part").Select(f => new FileInfo(f).Length).DefaultIfEmpty(0).Max() : 0;
        }
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<CaseTrackerDbContext>>().CreateDbContextAsync();
        var held = await db.Set<DocumentUploadChunk>().GroupBy(c => c.UploadKey).Select(g => g.Sum(c => (long)c.Length)).ToListAsync();
        return held.DefaultIfEmpty(0).Max();
    }

    public static async Task<byte[]> DownloadAsync(CaseTrackerClient client, string name)
    {
        using var content = new MemoryStream();
        await client.DownloadDocumentAsync(name, content);
        return content.ToArray();
    }
}
