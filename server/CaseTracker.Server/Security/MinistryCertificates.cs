using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Grpc;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Security;

/// <summary>
/// The ministry systems' client certificates (<c>Auth:Ministries</c>). The certificate scheme has already
/// checked that a certificate chains to one of the configured CAs, is within its validity and allows client
/// authentication; this decides which ministry it is: its identity (thumbprint or subject) must be configured,
/// it must chain to <em>that</em> ministry's CA (custom root trust, no system roots), and neither it nor any CA
/// below the root may be listed in the issuing CA's revocation list.
/// </summary>
public sealed class MinistryCertificates
{
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    private readonly IReadOnlyList<Ministry> _ministries;
    private readonly TimeProvider _clock;

    public MinistryCertificates(IOptions<AuthOptions> options, TimeProvider clock, ILogger<MinistryCertificates> logger)
    {
        _clock = clock;
        _ministries = options.Value.Ministries.Select((ministry, index) => Ministry.Load(ministry, index, logger)).ToList();
    }

    /// <summary>Every ministry's self-signed CA certificates: the only roots a client certificate may chain to.</summary>
    public X509Certificate2Collection Roots => [.. _ministries.SelectMany(m => m.Roots)];

    /// <summary>Every ministry's CA certificates that are not roots.</summary>
    public X509Certificate2Collection Intermediates => [.. _ministries.SelectMany(m => m.Intermediates)];

    /// <summary>The ministry system <paramref name="certificate"/> stands for, or the refusal its caller gets.</summary>
    public Actor Identify(X509Certificate2 certificate)
    {
        var now = _clock.GetUtcNow();
        var named = _ministries.Where(m => m.Names(certificate)).ToList();
        if (named.Count == 0)
        {
            throw Refusal("The client certificate is not one configured for a ministry system (Auth:Ministries: by thumbprint or subject).");
        }
        string? problem = null;
        foreach (var ministry in named)
        {
            problem = ministry.Judge(certificate, now);
            if (problem is null)
            {
                return ministry.Caller;
            }
        }
        throw Refusal(problem!);
    }

    private static SecurityRuleException Refusal(string message) =>
        new(ErrorReasons.CertificateUnknown, message, RefusalKind.Unidentified);

    /// <summary>One configured ministry: who it is, its CAs and their revocation lists.</summary>
    private sealed class Ministry(
        MinistryCertificateOptions options, Actor caller, X509Certificate2Collection roots, X509Certificate2Collection intermediates,
        IReadOnlyList<RevocationList> revocations)
    {
        public Actor Caller { get; } = caller;

        public X509Certificate2Collection Roots { get; } = roots;

        public X509Certificate2Collection Intermediates { get; } = intermediates;

        public bool Names(X509Certificate2 certificate) => options.Thumbprint.Length > 0
            ? string.Equals(options.Thumbprint, certificate.Thumbprint, StringComparison.OrdinalIgnoreCase)
            : string.Equals(options.Subject, certificate.Subject, StringComparison.Ordinal);

        /// <summary>Null when <paramref name="certificate"/> is this ministry's, else why not.</summary>
        public string? Judge(X509Certificate2 certificate, DateTimeOffset now)
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(Roots);
            chain.ChainPolicy.ExtraStore.AddRange(Intermediates);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck; // the CRL files are checked below
            chain.ChainPolicy.DisableCertificateDownloads = true;
            chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ClientAuthentication));
            chain.ChainPolicy.VerificationTimeIgnored = false;
            chain.ChainPolicy.VerificationTime = now.UtcDateTime;
            try
            {
                if (!chain.Build(certificate))
                {
                    var status = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
                    return $"The client certificate is not accepted as {Caller.Id}: it must be issued by that ministry's CA, be within its validity "
                        + $"and allow client authentication ({status}).";
                }
                for (var i = 0; i + 1 < chain.ChainElements.Count; i++)
                {
                    if (RevocationProblem(chain.ChainElements[i].Certificate, chain.ChainElements[i + 1].Certificate, now) is { } problem)
                    {
                        return problem;
                    }
                }
                return null;
            }
            finally
            {
                foreach (var element in chain.ChainElements)
                {
                    element.Certificate.Dispose();
                }
            }
        }

        private string? RevocationProblem(X509Certificate2 issued, X509Certificate2 authority, DateTimeOffset now)
        {
            var list = revocations.FirstOrDefault(r => r.Issuer.RawDataMemory.Span.SequenceEqual(authority.RawDataMemory.Span));
            return (list?.StatusOf(issued, now)) switch
            {
                null => $"The client certificate cannot be checked for revocation: no revocation list of the CA '{authority.Subject}' is configured.",
                RevocationStatus.Revoked => $"The certificate '{issued.Subject}' (serial {issued.SerialNumber}) has been revoked by its CA.",
                RevocationStatus.Outdated => $"The revocation list of the CA '{authority.Subject}' is past its next update: the ministry's operators must publish a new one.",
                _ => null,
            };
        }

        public static Ministry Load(MinistryCertificateOptions options, int index, ILogger logger)
        {
            var setting = $"{AuthOptions.Section}:Ministries:{index}";
            var authorities = new X509Certificate2Collection();
            foreach (var path in MinistryCertificateOptions.Paths(options.CaPath))
            {
                authorities.AddRange(ReadAuthorities(path, $"{setting}:CaPath"));
            }
            var revocations = new List<RevocationList>();
            foreach (var path in MinistryCertificateOptions.Paths(options.CrlPath))
            {
                try
                {
                    revocations.Add(RevocationList.Load(path, $"{setting}:CrlPath", authorities, logger));
                }
                catch (Exception e) when (e is IOException or InvalidDataException or System.Formats.Asn1.AsnContentException or CryptographicException or FormatException)
                {
                    throw Invalid($"{setting}:CrlPath", $"'{path}' cannot be used: {e.Message}");
                }
            }
            foreach (var authority in authorities.Where(a => !revocations.Any(r => r.Issuer.Equals(a))))
            {
                throw Invalid($"{setting}:CrlPath", $"no revocation list of the CA '{authority.Subject}' is configured: add its CRL file.");
            }
            var roots = new X509Certificate2Collection();
            var intermediates = new X509Certificate2Collection();
            foreach (var authority in authorities)
            {
                (authority.SubjectName.RawData.AsSpan().SequenceEqual(authority.IssuerName.RawData) ? roots : intermediates).Add(authority);
            }
            var caller = new Actor(options.Id, Enum.Parse<Party>(options.Party, ignoreCase: true), Role.MinistrySystem);
            return new Ministry(options, caller, roots, intermediates, revocations);
        }

        private static X509Certificate2Collection ReadAuthorities(string path, string setting)
        {
            var certificates = new X509Certificate2Collection();
            try
            {
                certificates.ImportFromPemFile(path);
            }
            catch (Exception e) when (e is IOException or CryptographicException)
            {
                throw Invalid(setting, $"'{path}' cannot be read as PEM certificates: {e.Message}");
            }
            if (certificates.Count == 0)
            {
                throw Invalid(setting, $"'{path}' holds no PEM certificate.");
            }
            foreach (var certificate in certificates)
            {
                if (certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is not { CertificateAuthority: true })
                {
                    throw Invalid(setting, $"'{certificate.Subject}' in '{path}' is not a CA certificate: give the CA that issues the ministry's certificates.");
                }
            }
            return certificates;
        }

        private static OptionsValidationException Invalid(string setting, string message) =>
            new(AuthOptions.Section, typeof(AuthOptions), [$"{setting}: {message}"]);
    }
}
