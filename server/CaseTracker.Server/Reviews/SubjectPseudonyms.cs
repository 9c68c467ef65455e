using System.Security.Cryptography;
using System.Text;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Storage;

namespace CaseTracker.Server.Reviews;

/// <summary>A subject's pseudonym in a review, and which key made it: <c>JOINT</c>, or the filing party's code.</summary>
public sealed record SubjectPseudonym(string Value, string Key);

/// <summary>
/// The subject's pseudonym in joint exports: HMAC-SHA256 of the passport number normalised to its letters and
/// digits in upper case. Passport numbers are few enough to enumerate, so whoever holds the key can turn a
/// pseudonym back into the number: the joint key, which both parties hold, is used only for a subject who
/// consented to sharing with the other party (who may see the number anyway); every other subject's pseudonym
/// is made with the filing party's own key, which the other party does not hold. The same passport gives the
/// same pseudonym in every month under the same key.
/// </summary>
public sealed class SubjectPseudonyms
{
    /// <summary>The <see cref="SubjectPseudonym.Key"/> of a pseudonym under the joint key.</summary>
    public const string JointKey = "JOINT";

    private readonly byte[] _joint;
    private readonly IReadOnlyDictionary<Party, byte[]> _parties;

    public SubjectPseudonyms(byte[] jointKey, IReadOnlyDictionary<Party, byte[]> partyKeys)
    {
        if (Enum.GetValues<Party>().Any(p => !partyKeys.ContainsKey(p)))
        {
            throw new ArgumentException("Every party needs its own pseudonym key.", nameof(partyKeys));
        }
        if (new[] { jointKey }.Concat(partyKeys.Values).Any(k => k.Length < 32))
        {
            throw new ArgumentException("A pseudonym key must be at least 32 bytes.", nameof(jointKey));
        }
        if (partyKeys.Values.Any(k => k.AsSpan().SequenceEqual(jointKey)) || partyKeys[Party.RU].AsSpan().SequenceEqual(partyKeys[Party.TJ]))
        {
            throw new ArgumentException("The joint and the two parties' pseudonym keys must all differ.", nameof(partyKeys));
        }
        _joint = jointKey;
        _parties = partyKeys;
    }

    /// <summary>Names the joint key without revealing it (the first 16 hex digits of its SHA-256), for the manifest.</summary>
    public string KeyId => IdOf(_joint);

    /// <summary>Names each party's key the same way, by party code.</summary>
    public IReadOnlyDictionary<string, string> PartyKeyIds =>
        new SortedDictionary<string, string>(_parties.ToDictionary(p => p.Key.ToString(), p => IdOf(p.Value)), StringComparer.Ordinal);

    /// <summary>
    /// The pseudonym of a case's subject: under the joint key when the subject's consent to share with the other
    /// party stands, else under <paramref name="filingParty"/>'s key; empty when no number is recorded.
    /// </summary>
    public SubjectPseudonym Of(string passportNumber, Party filingParty, bool sharedWithOtherParty) =>
        sharedWithOtherParty
            ? new SubjectPseudonym(Hmac(_joint, passportNumber), JointKey)
            : new SubjectPseudonym(Hmac(_parties[filingParty], passportNumber), filingParty.ToString());

    /// <summary>Letters and digits only, upper case: "ab 12-345" and "AB12345" are the same passport.</summary>
    public static string Normalise(string passportNumber)
    {
        Span<char> normalised = passportNumber.Length <= 64 ? stackalloc char[64] : new char[passportNumber.Length];
        var length = 0;
        foreach (var c in passportNumber)
        {
            if (char.IsLetterOrDigit(c))
            {
                normalised[length++] = char.ToUpperInvariant(c);
            }
        }
        return new string(normalised[..length]);
    }

    /// <summary>The configured keys, or development keys kept under the data directory (never in the database).</summary>
    public static SubjectPseudonyms Load(ReviewOptions options, StorageOptions storage)
    {
        var folder = Path.Combine(Path.GetFullPath(storage.DataDirectory), "dev-keys");
        var joint = KeyOf(options.PseudonymKey, folder, "review-pseudonym.key");
        var parties = Enum.GetValues<Party>().ToDictionary(p => p, p => KeyOf(
            options.PartyPseudonymKeys.GetValueOrDefault(p.ToString(), string.Empty), folder, $"review-pseudonym-{p.ToString().ToLowerInvariant()}.key"));
        return new SubjectPseudonyms(joint, parties);
    }

    private static string Hmac(byte[] key, string passportNumber)
    {
        var normalised = Normalise(passportNumber);
        return normalised.Length == 0 ? string.Empty : Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(normalised)));
    }

    private static string IdOf(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key))[..16];

    private static byte[] KeyOf(string configured, string folder, string fileName)
    {
        if (configured.Length > 0)
        {
            return Convert.FromBase64String(configured);
        }
        var path = Path.Combine(folder, fileName);
        if (!File.Exists(path))
        {
            // Durable before the first pseudonym is made with it: a key lost to a power cut would change every pseudonym.
            DataFiles.CreateOnce(path, Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
        }
        const string Advice = "restore it from the backup of the keys (README \"Backups and restore\": the pseudonym keys are not in the record), or set the Review pseudonym keys";
        var text = Encoding.ASCII.GetString(DataFiles.ReadKey(path, Advice)).Trim();
        byte[] key;
        try
        {
            key = Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new Hosting.StartupRefusal(Hosting.StartupRefusal.CorruptFile, $"the key file {path} is not base64; {Advice}");
        }
        if (key.Length < 32)
        {
            throw new Hosting.StartupRefusal(Hosting.StartupRefusal.CorruptFile,
                $"the key file {path} holds {key.Length} bytes, fewer than the 32 it is made with (a write cut short?); {Advice}");
        }
        return key;
    }
}
