using System.Security.Cryptography;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Storage;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace CaseTracker.Server.Security;

/// <summary>
/// The keys that validate (and, for development keys only, sign) each party's tokens. A party may have several
/// keys at once, each named by a key ID (<c>kid</c>) that its tokens carry in their header. Keys read from files
/// (a JWKS or PEM file per party, or the development key folder) are read again when a file changes, so a key
/// added works and a key removed stops working without a restart.
/// </summary>
public sealed class TokenKeys
{
    /// <summary>How often the key files are looked at for changes, at most.</summary>
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(1);

    private readonly IReadOnlyList<TokenKeySource> _sources;
    private readonly ILogger? _log;
    private readonly Lock _reload = new();
    private volatile KeyRing _ring;
    private long _nextCheck;

    private TokenKeys(IReadOnlyList<TokenKeySource> sources, KeyRing ring, ILogger? log)
    {
        _sources = sources;
        _ring = ring;
        _log = log;
        _nextCheck = Environment.TickCount64 + (long)RecheckInterval.TotalMilliseconds;
    }

    public IReadOnlyCollection<string> Issuers => Current.Issuers;

    public bool UsesDevelopmentKeys => _sources.Any(source => source is DevelopmentKeyFolder);

    /// <summary>Changes whenever the keys change: a token checked under an older generation is checked again.</summary>
    public long Generation => Current.Generation;

    public static string DefaultIssuer(Party party) => $"casetracker-{party.ToString().ToLowerInvariant()}";

    /// <summary>
    /// The key a token names: by its issuer and key ID; a token without a key ID only finds a key configured
    /// without one (tokens minted before keys had IDs).
    /// </summary>
    public bool TryResolve(string issuer, string? keyId, out Party party, out SecurityKey key)
    {
        if (Current.Find(issuer, keyId) is { } found)
        {
            (party, key) = (found.Party, found.Key);
            return true;
        }
        (party, key) = (default, null!);
        return false;
    }

    /// <summary>
    /// A party's public keys, newest first: they check the party's tokens and the checkpoints the party signs.
    /// Empty when the party has no configured issuer.
    /// </summary>
    public IReadOnlyList<ECDsa> PublicKeysOf(Party party) =>
        Current.Keys.Where(k => k.Party == party).OrderByDescending(k => k.Added).Select(k => k.Key.ECDsa).ToList();

    /// <summary>A party's newest public key; null when the party has no configured issuer.</summary>
    public ECDsa? PublicKeyOf(Party party) => PublicKeysOf(party).FirstOrDefault();

    /// <summary>The newest development signing key of a party; null when real keys are configured.</summary>
    public ECDsaSecurityKey? DevelopmentSigningKey(Party party) =>
        Current.Keys.Where(k => k.Party == party && k.IsDevelopment).OrderByDescending(k => k.Added).Select(k => k.Key).FirstOrDefault();

    /// <summary>The newest development signing key of a party as a key pair; null when real keys are configured.</summary>
    public ECDsa? DevelopmentSigner(Party party) => DevelopmentSigningKey(party)?.ECDsa;

    public static TokenKeys Load(AuthOptions auth, StorageOptions storage, ILogger? log = null)
    {
        var sources = new List<TokenKeySource>();
        foreach (var (partyName, issuer) in auth.Issuers)
        {
            sources.AddRange(TokenKeySource.Configured(PartyOf(partyName), partyName, issuer));
        }
        if (sources.Count == 0)
        {
            // Zero-setup development: key pairs per party, kept under the data directory so tokens minted by
            // the `token` command keep working across restarts.
            sources.Add(new DevelopmentKeyFolder(DevelopmentKeyFolder.PathUnder(storage)));
        }
        return new TokenKeys(sources, KeyRing.Read(sources, generation: 1), log);
    }

    private static Party PartyOf(string partyName) =>
        Enum.TryParse<Party>(partyName, ignoreCase: true, out var party) && Enum.IsDefined(party) ? party
            : throw new OptionsValidationException(AuthOptions.Section, typeof(AuthOptions), [$"Auth:Issuers:{partyName}: unknown party; use RU or TJ."]);

    /// <summary>The keys as they are now: the files are looked at again once <see cref="RecheckInterval"/> has passed.</summary>
    private KeyRing Current
    {
        get
        {
            if (Environment.TickCount64 >= Interlocked.Read(ref _nextCheck))
            {
                ReloadIfChanged();
            }
            return _ring;
        }
    }

    private void ReloadIfChanged()
    {
        lock (_reload)
        {
            if (Environment.TickCount64 < _nextCheck)
            {
                return;
            }
            _nextCheck = Environment.TickCount64 + (long)RecheckInterval.TotalMilliseconds;
            var ring = _ring;
            if (_sources.Select(source => source.Stamp()).SequenceEqual(ring.Stamps))
            {
                return;
            }
            try
            {
                _ring = KeyRing.Read(_sources, ring.Generation + 1);
                _log?.LogInformation("Token keys changed: {KeyCount} keys now ({KeyIds}).", _ring.Keys.Count, string.Join(", ", _ring.Keys.Select(k => k.Key.KeyId)));
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or OptionsValidationException or CryptographicException or Hosting.StartupRefusal)
            {
                // A file half written or broken: keep the keys as they were rather than lock everyone out, and
                // say why. The next change of the file is read again.
                _ring = ring with { Stamps = _sources.Select(source => source.Stamp()).ToList() };
                _log?.LogError("Token key files changed but could not be read; the previous keys stay in force: {Problem}", error.Message);
            }
        }
    }

    /// <summary>One reading of every key source, immutable.</summary>
    private sealed record KeyRing(IReadOnlyList<TokenKey> Keys, IReadOnlyList<string> Stamps, long Generation)
    {
        public IReadOnlyCollection<string> Issuers { get; } = Keys.Select(k => k.Issuer).Distinct(StringComparer.Ordinal).ToList();

        public TokenKey? Find(string issuer, string? keyId) => Keys.FirstOrDefault(k =>
            k.Issuer == issuer && (string.IsNullOrEmpty(keyId) ? k.AcceptsTokensWithoutKeyId : k.Key.KeyId == keyId));

        public static KeyRing Read(IReadOnlyList<TokenKeySource> sources, long generation)
        {
            var stamps = sources.Select(source => source.Stamp()).ToList();
            var keys = sources.SelectMany(source => source.Read()).ToList();
            var repeated = keys.GroupBy(k => (k.Issuer, k.Key.KeyId)).FirstOrDefault(group => group.Count() > 1);
            if (repeated is not null)
            {
                throw new OptionsValidationException(AuthOptions.Section, typeof(AuthOptions),
                    [$"Auth:Issuers: the key ID '{repeated.Key.KeyId}' is used twice for the issuer '{repeated.Key.Issuer}'; each key needs its own."]);
            }
            return new KeyRing(keys, stamps, generation);
        }
    }
}

/// <summary>One key of a party's issuer.</summary>
/// <param name="Party">The party whose tokens it checks.</param>
/// <param name="Issuer">The <c>iss</c> of those tokens.</param>
/// <param name="Key">The public key (a key pair for development keys), its <c>KeyId</c> the <c>kid</c> tokens name.</param>
/// <param name="AcceptsTokensWithoutKeyId">Whether tokens that name no key may be checked with it.</param>
/// <param name="IsDevelopment">Whether it is a development key pair the server may sign with.</param>
/// <param name="Added">When the key appeared (its file's time): the newest signs development tokens.</param>
public sealed record TokenKey(Party Party, string Issuer, ECDsaSecurityKey Key, bool AcceptsTokensWithoutKeyId, bool IsDevelopment, DateTime Added);
