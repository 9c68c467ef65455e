using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CaseTracker.Server.Security;

/// <summary>What a CA's revocation list says of a certificate it issued.</summary>
public enum RevocationStatus
{
    /// <summary>Not listed, and the list is current.</summary>
    Good,

    /// <summary>Listed: revoked.</summary>
    Revoked,

    /// <summary>The list is past its next update: nobody can tell.</summary>
    Outdated,
}

/// <summary>
/// One CA's certificate revocation list, read from a file (PEM or DER) and checked offline. The file is looked
/// at on every check and read again as soon as it changes, so a revocation counts without a restart. Only a
/// list signed by its CA counts: a new file that does not parse or verify is logged and the last good one kept.
/// </summary>
/// <remarks>
/// .NET's <see cref="X509Chain"/> cannot be handed a CRL file on Linux, so the chain is built without
/// revocation checking and each issued certificate's serial number is looked up here.
/// </remarks>
public sealed class RevocationList
{
    private readonly string _path;
    private readonly string _setting;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private volatile State _state;

    private RevocationList(string path, string setting, X509Certificate2 issuer, Contents contents, ILogger logger)
    {
        _path = path;
        _setting = setting;
        Issuer = issuer;
        _state = new State(contents, StampOf(path), Refused: null);
        _logger = logger;
    }

    /// <summary>The CA that signed the list.</summary>
    public X509Certificate2 Issuer { get; }

    /// <summary>
    /// Reads the list at <paramref name="path"/> and finds, among <paramref name="authorities"/>, the CA that
    /// signed it. Throws <see cref="InvalidDataException"/> saying what is wrong.
    /// </summary>
    public static RevocationList Load(string path, string setting, IEnumerable<X509Certificate2> authorities, ILogger logger)
    {
        var contents = Contents.Read(path);
        var issuer = authorities.FirstOrDefault(contents.IsSignedBy)
            ?? throw new InvalidDataException($"the CRL '{path}' is not signed by any CA certificate of this ministry (CaPath).");
        return new RevocationList(path, setting, issuer, contents, logger);
    }

    /// <summary>What the list says of <paramref name="certificate"/>, which <see cref="Issuer"/> issued.</summary>
    public RevocationStatus StatusOf(X509Certificate2 certificate, DateTimeOffset now)
    {
        var contents = Current();
        if (contents.NextUpdate is { } next && next < now)
        {
            return RevocationStatus.Outdated;
        }
        return contents.Serials.Contains(SerialOf(certificate.SerialNumberBytes.Span)) ? RevocationStatus.Revoked : RevocationStatus.Good;
    }

    private Contents Current()
    {
        var stamp = StampOf(_path);
        var state = _state;
        if (state.Knows(stamp))
        {
            return state.Contents;
        }
        lock (_gate)
        {
            state = _state;
            if (state.Knows(stamp))
            {
                return state.Contents;
            }
            try
            {
                var contents = Contents.Read(_path);
                if (!contents.IsSignedBy(Issuer))
                {
                    throw new InvalidDataException($"it is not signed by the CA '{Issuer.Subject}'");
                }
                _state = new State(contents, stamp, Refused: null);
                _logger.LogInformation("Read the revocation list {Setting} again: {Count} certificates revoked.", _setting, contents.Serials.Count);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or AsnContentException or CryptographicException or FormatException or UnauthorizedAccessException)
            {
                // A file being rewritten may be read half-way: keep the last good list and look again when it changes.
                _state = state with { Refused = stamp };
                _logger.LogWarning("The revocation list {Setting} ('{Path}') changed but cannot be used ({Problem}); the last good one stays in force.",
                    _setting, _path, e.Message);
            }
            return _state.Contents;
        }
    }

    /// <summary>The list in force, the file it was read from (time written, length), and a newer file refused.</summary>
    private sealed record State(Contents Contents, (DateTime, long) Loaded, (DateTime, long)? Refused)
    {
        public bool Knows((DateTime, long) stamp) => stamp == Loaded || stamp == Refused;
    }

    private static (DateTime, long) StampOf(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? (file.LastWriteTimeUtc, file.Length) : (DateTime.MinValue, -1);
    }

    private static string SerialOf(ReadOnlySpan<byte> bigEndian)
    {
        var start = 0;
        while (start < bigEndian.Length - 1 && bigEndian[start] == 0)
        {
            start++;
        }
        return Convert.ToHexString(bigEndian[start..]);
    }

    /// <summary>A parsed CRL (RFC 5280, section 5): what is signed, by what name, until when, and the serials it lists.</summary>
    private sealed record Contents(
        byte[] Signed, string SignatureAlgorithm, byte[] Signature, byte[] IssuerName, DateTimeOffset? NextUpdate, HashSet<string> Serials)
    {
        public static Contents Read(string path)
        {
            var bytes = File.ReadAllBytes(path);
            var text = System.Text.Encoding.ASCII.GetString(bytes);
            if (PemEncoding.TryFind(text, out var pem))
            {
                if (text[pem.Label] != "X509 CRL")
                {
                    throw new InvalidDataException($"'{path}' holds a {text[pem.Label]}, not an X509 CRL.");
                }
                bytes = Convert.FromBase64String(text[pem.Base64Data]);
            }
            return Parse(bytes);
        }

        public bool IsSignedBy(X509Certificate2 authority)
        {
            if (!authority.SubjectName.RawData.AsSpan().SequenceEqual(IssuerName))
            {
                return false;
            }
            var hash = SignatureAlgorithm switch
            {
                "1.2.840.10045.4.3.2" or "1.2.840.113549.1.1.11" => HashAlgorithmName.SHA256,
                "1.2.840.10045.4.3.3" or "1.2.840.113549.1.1.12" => HashAlgorithmName.SHA384,
                "1.2.840.10045.4.3.4" or "1.2.840.113549.1.1.13" => HashAlgorithmName.SHA512,
                _ => throw new InvalidDataException($"the CRL's signature algorithm {SignatureAlgorithm} is not supported (ECDSA or RSA PKCS#1 with SHA-2)."),
            };
            if (SignatureAlgorithm.StartsWith("1.2.840.10045", StringComparison.Ordinal))
            {
                using var ecdsa = authority.GetECDsaPublicKey();
                return ecdsa is not null && ecdsa.VerifyData(Signed, Signature, hash, DSASignatureFormat.Rfc3279DerSequence);
            }
            using var rsa = authority.GetRSAPublicKey();
            return rsa is not null && rsa.VerifyData(Signed, Signature, hash, RSASignaturePadding.Pkcs1);
        }

        private static Contents Parse(byte[] der)
        {
            var list = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            var signed = list.PeekEncodedValue().ToArray();
            var tbs = list.ReadSequence();
            var algorithm = list.ReadSequence().ReadObjectIdentifier();
            var signature = list.ReadBitString(out _);

            if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
            {
                tbs.ReadInteger(); // version
            }
            tbs.ReadSequence(); // the signature algorithm again
            var issuer = tbs.ReadEncodedValue().ToArray();
            ReadTime(tbs); // thisUpdate
            DateTimeOffset? nextUpdate = tbs.HasData && IsTime(tbs.PeekTag()) ? ReadTime(tbs) : null;
            var serials = new HashSet<string>(StringComparer.Ordinal);
            if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                var revoked = tbs.ReadSequence();
                while (revoked.HasData)
                {
                    serials.Add(SerialOf(revoked.ReadSequence().ReadIntegerBytes().Span));
                }
            }
            return new Contents(signed, algorithm, signature, issuer, nextUpdate, serials);
        }

        private static bool IsTime(Asn1Tag tag) =>
            tag.HasSameClassAndValue(Asn1Tag.UtcTime) || tag.HasSameClassAndValue(Asn1Tag.GeneralizedTime);

        private static DateTimeOffset ReadTime(AsnReader reader) =>
            reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime() : reader.ReadGeneralizedTime();
    }
}
