using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CaseTracker.Server.Storage;
using Grpc.Core;
using Microsoft.AspNetCore.WebUtilities;

namespace CaseTracker.Server.Grpc;

/// <summary>
/// Opaque page tokens: the position to continue from plus a digest of the query they belong to, signed
/// with a server key. A forged token, or one reused with a different filter or order, is refused.
/// </summary>
public sealed class PageTokens(byte[] key)
{
    public static PageTokens Load(StorageOptions storage, string configuredKey)
    {
        if (configuredKey.Length > 0)
        {
            return new PageTokens(Convert.FromBase64String(configuredKey));
        }
        // Kept beside the database so tokens survive a restart. Nodes that share a database must share
        // this key too (Paging:TokenKey).
        var path = Path.Combine(Path.GetFullPath(storage.DataDirectory), "page-token.key");
        if (!File.Exists(path))
        {
            DataFiles.CreateOnce(path, RandomNumberGenerator.GetBytes(32));
        }
        var key = DataFiles.ReadKey(path, "delete it and start again (a new key is made; page tokens handed out before are then refused), or set Paging:TokenKey");
        if (key.Length < 32)
        {
            throw new Hosting.StartupRefusal(Hosting.StartupRefusal.CorruptFile,
                $"the key file {path} holds {key.Length} bytes, fewer than the 32 it is made with (a write cut short?); delete it and start again (a new key is made), or set Paging:TokenKey");
        }
        return new PageTokens(key);
    }

    public string Issue(string query, string position)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new TokenBody(Digest(query), position));
        return WebEncoders.Base64UrlEncode(payload) + "." + WebEncoders.Base64UrlEncode(Sign(payload));
    }

    /// <summary>The position carried by <paramref name="token"/>, or null for an empty token (the first page).</summary>
    public string? Read(string token, string query)
    {
        if (token.Length == 0)
        {
            return null;
        }
        try
        {
            var parts = token.Split('.');
            if (parts.Length == 2)
            {
                var payload = WebEncoders.Base64UrlDecode(parts[0]);
                if (CryptographicOperations.FixedTimeEquals(Sign(payload), WebEncoders.Base64UrlDecode(parts[1])))
                {
                    var body = JsonSerializer.Deserialize<TokenBody>(payload);
                    if (body is not null && body.Query == Digest(query))
                    {
                        return body.Position;
                    }
                    throw Invalid("the page token belongs to a different query; keep filter and order_by unchanged while paging");
                }
            }
        }
        catch (FormatException)
        {
            // Falls through to the refusal below.
        }
        catch (JsonException)
        {
            // Falls through to the refusal below.
        }
        throw Invalid("the page token is not one this server issued");
    }

    private byte[] Sign(byte[] payload) => HMACSHA256.HashData(key, payload);

    private static string Digest(string query) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(query)))[..32];

    private static ApiException Invalid(string problem) =>
        new(StatusCode.InvalidArgument, ErrorReasons.InvalidPageToken, $"Invalid page_token: {problem}.",
            [new FieldViolation("page_token", problem)]);

    private sealed record TokenBody(string Query, string Position);
}
