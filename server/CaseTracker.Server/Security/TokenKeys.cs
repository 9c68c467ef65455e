using System.Security.Cryptography;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Storage;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace CaseTracker.Server.Security;

/// <summary>The keys that validate (and, for development keys only, sign) each party's tokens.</summary>
public sealed class TokenKeys
{
    private readonly Dictionary<string, (Party Party, ECDsaSecurityKey Key)> _byIssuer;
    private readonly Dictionary<Party, ECDsa> _developmentSigners;

    private TokenKeys(Dictionary<string, (Party, ECDsaSecurityKey)> byIssuer, Dictionary<Party, ECDsa> developmentSigners)
    {
        _byIssuer = byIssuer;
        _developmentSigners = developmentSigners;
    }

    public IReadOnlyCollection<string> Issuers => _byIssuer.Keys;

    public bool UsesDevelopmentKeys => _developmentSigners.Count > 0;

    public static string DefaultIssuer(Party party) => $"casetracker-{party.ToString().ToLowerInvariant()}";

    public bool TryResolve(string issuer, out Party party, out SecurityKey key)
    {
        if (_byIssuer.TryGetValue(issuer, out var entry))
        {
            (party, key) = (entry.Party, entry.Key);
            return true;
        }
        (party, key) = (default, null!);
        return false;
    }

    /// <summary>
    /// A party's public key: it checks the party's tokens and the checkpoints the party signs. Null when the
    /// party has no configured issuer.
    /// </summary>
    public ECDsa? PublicKeyOf(Party party) =>
        _byIssuer.Values.Where(entry => entry.Party == party).Select(entry => entry.Key.ECDsa).FirstOrDefault();

    /// <summary>The development signing key of a party; null when real keys are configured.</summary>
    public ECDsa? DevelopmentSigner(Party party) => _developmentSigners.GetValueOrDefault(party);

    public static TokenKeys Load(AuthOptions auth, StorageOptions storage)
    {
        var byIssuer = new Dictionary<string, (Party, ECDsaSecurityKey)>(StringComparer.Ordinal);
        foreach (var (partyName, issuer) in auth.Issuers)
        {
            if (!Enum.TryParse<Party>(partyName, ignoreCase: true, out var party) || !Enum.IsDefined(party))
            {
                throw new OptionsValidationException(AuthOptions.Section, typeof(AuthOptions),
                    [$"Auth:Issuers:{partyName}: unknown party; use RU or TJ."]);
            }
            var pem = issuer.PublicKeyPem.Length > 0 ? issuer.PublicKeyPem
                : issuer.PublicKeyPath.Length > 0 ? File.ReadAllText(issuer.PublicKeyPath)
                : throw new OptionsValidationException(AuthOptions.Section, typeof(AuthOptions),
                    [$"Auth:Issuers:{partyName}: set PublicKeyPem or PublicKeyPath."]);
            var key = ECDsa.Create();
            key.ImportFromPem(pem);
            byIssuer[issuer.Issuer.Length > 0 ? issuer.Issuer : DefaultIssuer(party)] = (party, new ECDsaSecurityKey(key));
        }
        if (byIssuer.Count > 0)
        {
            return new TokenKeys(byIssuer, []);
        }

        // Zero-setup development: one key pair per party, kept under the data directory so tokens minted by
        // the `token` command keep working across restarts.
        var signers = new Dictionary<Party, ECDsa>();
        var folder = Path.Combine(Path.GetFullPath(storage.DataDirectory), "dev-keys");
        Directory.CreateDirectory(folder);
        foreach (var party in Enum.GetValues<Party>())
        {
            var signer = LoadOrCreateDevelopmentKey(Path.Combine(folder, $"{party.ToString().ToLowerInvariant()}.pem"));
            signers[party] = signer;
            byIssuer[DefaultIssuer(party)] = (party, new ECDsaSecurityKey(signer));
        }
        return new TokenKeys(byIssuer, signers);
    }

    private static ECDsa LoadOrCreateDevelopmentKey(string path)
    {
        var key = ECDsa.Create();
        if (File.Exists(path))
        {
            key.ImportFromPem(File.ReadAllText(path));
            return key;
        }
        key.GenerateKey(ECCurve.NamedCurves.nistP256);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, key.ExportECPrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        try
        {
            File.Move(temporary, path);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use theirs so both agree.
            key.ImportFromPem(File.ReadAllText(path));
        }
        return key;
    }
}
