using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Hosting;
using CaseTracker.Server.Storage;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace CaseTracker.Server.Security;

/// <summary>
/// Where some of the token keys come from: a PEM in the settings, a PEM file, a party's JWKS file, or the
/// development key folder. <see cref="Stamp"/> changes when the source does, and <see cref="Read"/> reads it.
/// </summary>
public abstract class TokenKeySource
{
    /// <summary>A fingerprint of the source as it is now (file names, times and sizes), compared to notice a change.</summary>
    public abstract string Stamp();

    public abstract IEnumerable<TokenKey> Read();

    /// <summary>The sources configured for one party under <c>Auth:Issuers:{party}</c>.</summary>
    public static IEnumerable<TokenKeySource> Configured(Party party, string partyName, IssuerOptions options)
    {
        var issuer = options.Issuer.Length > 0 ? options.Issuer : TokenKeys.DefaultIssuer(party);
        var section = $"Auth:Issuers:{partyName}";
        if (options.PublicKeyPem.Length > 0)
        {
            yield return new PemKey(party, issuer, options.KeyId, () => options.PublicKeyPem, path: null, section);
        }
        else if (options.PublicKeyPath.Length > 0)
        {
            yield return new PemKey(party, issuer, options.KeyId, () => File.ReadAllText(options.PublicKeyPath), options.PublicKeyPath, section);
        }
        if (options.JwksPath.Length > 0)
        {
            yield return new JwksFile(party, issuer, options.JwksPath, section);
        }
        if (options.PublicKeyPem.Length == 0 && options.PublicKeyPath.Length == 0 && options.JwksPath.Length == 0)
        {
            throw new OptionsValidationException(AuthOptions.Section, typeof(AuthOptions),
                [$"{section}: set JwksPath (a JWKS file of the party's keys, read again when it changes), or PublicKeyPem or PublicKeyPath."]);
        }
    }

    internal static string FileStamp(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? $"{file.FullName}|{file.LastWriteTimeUtc.Ticks}|{file.Length}" : $"{file.FullName}|absent";
    }

    internal static DateTime FileTime(string? path) => path is not null && File.Exists(path) ? File.GetLastWriteTimeUtc(path) : DateTime.MinValue;

    /// <summary>One public key in PEM, in the settings or in a file; without a key ID it also checks tokens that name none.</summary>
    private sealed class PemKey(Party party, string issuer, string keyId, Func<string> pem, string? path, string section) : TokenKeySource
    {
        public override string Stamp() => path is null ? "settings" : FileStamp(path);

        public override IEnumerable<TokenKey> Read()
        {
            var key = ECDsa.Create();
            try
            {
                key.ImportFromPem(pem());
            }
            catch (ArgumentException error)
            {
                throw new OptionsValidationException(AuthOptions.Section, typeof(AuthOptions), [$"{section}: the public key is not a PEM key ({error.Message})."]);
            }
            var id = keyId.Length > 0 ? keyId : $"{party.ToString().ToLowerInvariant()}-configured";
            yield return new TokenKey(party, issuer, new ECDsaSecurityKey(key) { KeyId = id }, AcceptsTokensWithoutKeyId: keyId.Length == 0,
                IsDevelopment: false, FileTime(path));
        }
    }

    /// <summary>
    /// A party's JSON Web Key Set: <c>{"keys":[{"kty":"EC","crv":"P-256","kid":"...","x":"...","y":"..."}]}</c>,
    /// public keys only. Later keys in the file count as newer.
    /// </summary>
    private sealed class JwksFile(Party party, string issuer, string path, string section) : TokenKeySource
    {
        public override string Stamp() => FileStamp(path);

        public override IEnumerable<TokenKey> Read()
        {
            using var document = Parse(File.ReadAllText(path));
            if (!document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
            {
                throw Invalid("it has no \"keys\" array");
            }
            var added = FileTime(path);
            var read = new List<TokenKey>();
            foreach (var entry in keys.EnumerateArray())
            {
                read.Add(new TokenKey(party, issuer, ToKey(entry), AcceptsTokensWithoutKeyId: false, IsDevelopment: false, added.AddTicks(read.Count)));
            }
            return read;
        }

        private JsonDocument Parse(string json)
        {
            try
            {
                return JsonDocument.Parse(json);
            }
            catch (JsonException error)
            {
                throw Invalid($"it is not JSON ({error.Message})");
            }
        }

        private ECDsaSecurityKey ToKey(JsonElement entry)
        {
            string Text(string name) => entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;
            if (Text("kty") != "EC" || Text("crv") != "P-256")
            {
                throw Invalid("every key must be an EC P-256 key (\"kty\":\"EC\", \"crv\":\"P-256\")");
            }
            var keyId = Text("kid");
            if (keyId.Length == 0)
            {
                throw Invalid("every key needs a \"kid\", the key ID its tokens name");
            }
            byte[] x, y;
            try
            {
                (x, y) = (Base64UrlEncoder.DecodeBytes(Text("x")), Base64UrlEncoder.DecodeBytes(Text("y")));
            }
            catch (FormatException)
            {
                throw Invalid($"the key '{keyId}' has an \"x\" or \"y\" that is not base64url");
            }
            var key = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = x, Y = y } });
            return new ECDsaSecurityKey(key) { KeyId = keyId };
        }

        private OptionsValidationException Invalid(string problem) =>
            new(AuthOptions.Section, typeof(AuthOptions), [$"{section}:JwksPath: {path} is not a usable key set: {problem}."]);
    }
}

/// <summary>
/// The development key pairs under <c>{data}/dev-keys/</c>: <c>ru.pem</c> and <c>tj.pem</c>, made on first start,
/// and any key added since as <c>ru-*.pem</c> / <c>tj-*.pem</c> (the <c>dev-key</c> command). The key ID is the file
/// name without <c>.pem</c>; the newest file signs new tokens; deleting a file retires its key.
/// </summary>
public sealed class DevelopmentKeyFolder : TokenKeySource
{
    private readonly string _folder;

    public DevelopmentKeyFolder(string folder)
    {
        _folder = folder;
        Directory.CreateDirectory(folder);
        foreach (var party in Enum.GetValues<Party>().Where(party => !KeyFiles().Any(file => file.Party == party)))
        {
            CreateKey(Path.Combine(folder, $"{Prefix(party)}.pem"));
        }
    }

    public static string PathUnder(StorageOptions storage) => Path.Combine(Path.GetFullPath(storage.DataDirectory), "dev-keys");

    /// <summary>Adds a new development key for <paramref name="party"/>; it signs the tokens minted from now on.</summary>
    public string AddKey(Party party, DateTime now)
    {
        var path = Path.Combine(_folder, $"{Prefix(party)}-{now:yyyyMMdd-HHmmss}.pem");
        CreateKey(path);
        return Path.GetFileNameWithoutExtension(path);
    }

    public override string Stamp() => string.Join(";", KeyFiles().Select(file => FileStamp(file.Path)));

    public override IEnumerable<TokenKey> Read()
    {
        foreach (var (party, path) in KeyFiles())
        {
            var key = ReadKeyPair(path);
            var keyId = Path.GetFileNameWithoutExtension(path);
            yield return new TokenKey(party, TokenKeys.DefaultIssuer(party), new ECDsaSecurityKey(key) { KeyId = keyId },
                AcceptsTokensWithoutKeyId: keyId == Prefix(party), IsDevelopment: true, FileTime(path));
        }
    }

    private IEnumerable<(Party Party, string Path)> KeyFiles() =>
        Directory.EnumerateFiles(_folder, "*.pem").Order(StringComparer.Ordinal)
            .SelectMany(path => Enum.GetValues<Party>()
                .Where(party => Path.GetFileNameWithoutExtension(path) is var name && (name == Prefix(party) || name.StartsWith(Prefix(party) + "-", StringComparison.Ordinal)))
                .Select(party => (party, path)));

    private static string Prefix(Party party) => party.ToString().ToLowerInvariant();

    private static void CreateKey(string path)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        // Durable before it is used: a key lost to a power cut would make every token minted with it invalid.
        DataFiles.CreateOnce(path, Encoding.ASCII.GetBytes(key.ExportECPrivateKeyPem()));
    }

    private static ECDsa ReadKeyPair(string path)
    {
        const string Advice = "restore it from where the party keeps its keys, or delete it to retire the key (a new ru.pem or tj.pem is made at start when a party has none)";
        var pem = Encoding.ASCII.GetString(DataFiles.ReadKey(path, Advice));
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception error) when (error is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new StartupRefusal(StartupRefusal.CorruptFile, $"the key file {path} is not a PEM key pair ({error.Message}); {Advice}");
        }
        return key;
    }
}
