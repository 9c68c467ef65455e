using System.ComponentModel.DataAnnotations;

namespace CaseTracker.Server.Grpc;

/// <summary>How page tokens are signed. Bound from the <c>Paging</c> section.</summary>
public sealed class PagingOptions : IValidatableObject
{
    public const string Section = "Paging";

    /// <summary>
    /// The HMAC key of page tokens, base64 of at least 32 bytes. Empty: a key kept beside the database
    /// (<c>page-token.key</c>). Nodes that share a database must share this key.
    /// </summary>
    public string TokenKey { get; set; } = string.Empty;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (TokenKey.Length > 0 && (!Convert.TryFromBase64String(TokenKey, new byte[TokenKey.Length], out var length) || length < 32))
        {
            yield return new ValidationResult("must be base64 of at least 32 random bytes (openssl rand -base64 32).", [nameof(TokenKey)]);
        }
    }
}
