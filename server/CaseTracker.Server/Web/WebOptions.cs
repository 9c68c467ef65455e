using System.ComponentModel.DataAnnotations;

namespace CaseTracker.Server.Web;

/// <summary>The web workspace's settings, bound from the <c>Web</c> section.</summary>
public sealed class WebOptions : IValidatableObject
{
    public const string Section = "Web";

    /// <summary>Each party's OpenID Connect identity provider, by party (<c>Web:Oidc:RU:*</c>, <c>Web:Oidc:TJ:*</c>).</summary>
    public Dictionary<string, OidcProviderOptions> Oidc { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long a signed-in browser stays signed in at most; the session also ends with its token.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (party, provider) in Oidc)
        {
            if (party.ToUpperInvariant() is not ("RU" or "TJ"))
            {
                yield return new ValidationResult($"'{party}' is not a party: use Web:Oidc:RU or Web:Oidc:TJ.", [$"Oidc:{party}"]);
            }
            if (!Uri.TryCreate(provider.Authority, UriKind.Absolute, out _))
            {
                yield return new ValidationResult("the identity provider's address (https://...) is required.", [$"Oidc:{party}:Authority"]);
            }
            if (provider.ClientId.Length == 0)
            {
                yield return new ValidationResult("the client ID the identity provider registered for the workspace is required.", [$"Oidc:{party}:ClientId"]);
            }
        }
    }
}

/// <summary>
/// One party's identity provider. The workspace signs its people in there (authorization code flow) and calls
/// the API with the access token the provider issues for the audience <c>casetracker</c>, which the server
/// checks against that party's keys (<c>Auth:Issuers</c>) as it checks any bearer token.
/// </summary>
public sealed class OidcProviderOptions
{
    public string Authority { get; set; } = string.Empty;

    public string ClientId { get; set; } = string.Empty;

    public string ClientSecret { get; set; } = string.Empty;

    /// <summary>Scopes asked for beside <c>openid</c> and <c>profile</c>, separated by spaces.</summary>
    public string Scopes { get; set; } = string.Empty;

    /// <summary>Whether the provider's metadata must come over HTTPS (turn off only for a provider on the loopback).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
}
