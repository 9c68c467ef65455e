using System.Security.Cryptography;
using CaseTracker.Client;
using Google.Protobuf;

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

    /// <summary>Sends the header and then <paramref name="content"/> from <paramref name="from"/> in chunks of <paramref name="chunk"/> bytes, and completes.</summary>
    public static async Task<V1.Document> UploadRawAsync(CaseTrackerClient client, V1.UploadDocumentHeader header, byte[] content, int chunk = MiB, long from = 0)
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
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception)
        {
            // The server ended the call early (a refusal, or the document already filed under this upload_id): a
            // write can fail before the client has seen the call's status, which is the answer either way.
        }
        return await call.ResponseAsync;
    }

    public static async Task<byte[]> DownloadAsync(CaseTrackerClient client, string name)
    {
        using var content = new MemoryStream();
        await client.DownloadDocumentAsync(name, content);
        return content.ToArray();
    }
}
