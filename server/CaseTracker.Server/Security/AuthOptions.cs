using System.ComponentModel.DataAnnotations;

namespace CaseTracker.Server.Security;

/// <summary>
/// Who may issue tokens. Bound from the <c>Auth</c> section. Each government signs tokens for its own
/// people with its own key; the server holds only the public keys. With no key configured for either
/// party, the server makes a development key pair per party under the data directory (see README).
/// </summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string Section = "Auth";

    /// <summary>The audience every token must name.</summary>
    public string Audience { get; set; } = "casetracker";

    /// <summary>The party token issuers, keyed by party: <c>Auth:Issuers:RU</c>, <c>Auth:Issuers:TJ</c>.</summary>
    public Dictionary<string, IssuerOptions> Issuers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The ministry systems' client certificates, presented on the TLS endpoint instead of a token: each with its
    /// CA certificates and their revocation lists (<c>Auth:Ministries:0:CaPath</c>, <c>:CrlPath</c>), its
    /// identity (<c>:Thumbprint</c> or <c>:Subject</c>), <c>:Party</c> and <c>:Id</c>.
    /// </summary>
    public List<MinistryCertificateOptions> Ministries { get; set; } = [];

    /// <summary>Clock skew allowed when checking token lifetimes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Audience))
        {
            yield return new ValidationResult("is required: the audience every token must name.", [nameof(Audience)]);
        }
        foreach (var party in Issuers.Keys.Where(p => !IsParty(p)))
        {
            yield return new ValidationResult($"'{party}' is not a party: issuers are configured as Auth:Issuers:RU and Auth:Issuers:TJ.", [$"Issuers:{party}"]);
        }
        foreach (var (party, issuer) in Issuers.Where(pair => pair.Value.PublicKeyPem.Length == 0 && pair.Value.PublicKeyPath.Length == 0 && pair.Value.JwksPath.Length == 0))
        {
            yield return new ValidationResult("needs JwksPath (a JWKS file of the party's keys), or PublicKeyPem or PublicKeyPath.", [$"Issuers:{party}"]);
        }
        for (var i = 0; i < Ministries.Count; i++)
        {
            var ministry = Ministries[i];
            if (!IsParty(ministry.Party))
            {
                yield return new ValidationResult($"'{ministry.Party}' is not a party: RU or TJ.", [$"Ministries:{i}:Party"]);
            }
            if (string.IsNullOrWhiteSpace(ministry.Id))
            {
                yield return new ValidationResult("is required: the system's user ID in events, for example ru.mvd.system.", [$"Ministries:{i}:Id"]);
            }
            if (ministry.Thumbprint.Length == 0 && ministry.Subject.Length == 0)
            {
                yield return new ValidationResult(
                    "needs a Thumbprint (pinning one certificate) or a Subject (any certificate of that name from the ministry's CA).", [$"Ministries:{i}"]);
            }
            if (MinistryCertificateOptions.Paths(ministry.CaPath).Count == 0)
            {
                yield return new ValidationResult(
                    "is required: the PEM file of the CA certificate(s) that issue this ministry's certificates (several files separated by ';'). "
                    + "A certificate is accepted only when it chains to them; subject and issuer alone no longer identify a ministry.",
                    [$"Ministries:{i}:CaPath"]);
            }
            if (MinistryCertificateOptions.Paths(ministry.CrlPath).Count == 0)
            {
                yield return new ValidationResult(
                    "is required: the revocation list (CRL, PEM or DER) of each CA in CaPath, several files separated by ';'; "
                    + "it is checked offline and read again when the file changes.",
                    [$"Ministries:{i}:CrlPath"]);
            }
        }
    }

    private static bool IsParty(string party) => Enum.GetNames<Cases.Party>().Contains(party, StringComparer.OrdinalIgnoreCase);
}

/// <summary>One party's token issuer.</summary>
public sealed class IssuerOptions
{
    /// <summary>The <c>iss</c> claim of this party's tokens; defaults to <c>casetracker-ru</c> / <c>casetracker-tj</c>.</summary>
    public string Issuer { get; set; } = string.Empty;

    /// <summary>The issuer's ECDSA P-256 public key in PEM (SubjectPublicKeyInfo).</summary>
    public string PublicKeyPem { get; set; } = string.Empty;

    /// <summary>A file holding that PEM, used when <see cref="PublicKeyPem"/> is empty; read again when it changes.</summary>
    public string PublicKeyPath { get; set; } = string.Empty;

    /// <summary>
    /// The key ID (<c>kid</c>) of that PEM key. Empty: tokens that name no key are checked with it (tokens from
    /// before keys had IDs); set, only tokens naming it are.
    /// </summary>
    public string KeyId { get; set; } = string.Empty;

    /// <summary>
    /// A JSON Web Key Set file of the party's public keys, each with its <c>kid</c>; read again within a second of
    /// a change, so a key added works and a key removed stops working without a restart.
    /// </summary>
    public string JwksPath { get; set; } = string.Empty;
}

/// <summary>One ministry system's client certificates and whom they stand for (always the ministry-system role).</summary>
public sealed class MinistryCertificateOptions
{
    /// <summary>The PEM file(s) of the CA certificates that issue this ministry's certificates, separated by ';'.</summary>
    public string CaPath { get; set; } = string.Empty;

    /// <summary>The revocation list file (PEM or DER) of each of those CAs, separated by ';'.</summary>
    public string CrlPath { get; set; } = string.Empty;

    /// <summary>The certificate's SHA-1 thumbprint (hex); matched exactly, pinning that certificate.</summary>
    public string Thumbprint { get; set; } = string.Empty;

    /// <summary>Or the certificate's subject (distinguished name): any certificate of that name from the ministry's CA.</summary>
    public string Subject { get; set; } = string.Empty;

    /// <summary>The ministry's party: RU or TJ.</summary>
    public string Party { get; set; } = string.Empty;

    /// <summary>The system's user ID in events, for example <c>ru.mvd.system</c>.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The files a <c>CaPath</c> or <c>CrlPath</c> setting names.</summary>
    public static IReadOnlyList<string> Paths(string setting) =>
        setting.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
