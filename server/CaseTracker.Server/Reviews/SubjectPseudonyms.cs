using System.Security.Cryptography;
using System.Text;
using CaseTracker.Server.Storage;

namespace CaseTracker.Server.Reviews;

/// <summary>
/// The subject's pseudonym in joint exports: HMAC-SHA256, under a key from configuration, of the passport
/// number normalised to its letters and digits in upper case. The same passport gives the same pseudonym in
/// every month under the same key; without the key, the pseudonym cannot be turned back into the number.
/// </summary>
public sealed class SubjectPseudonyms
{
    private readonly byte[] _key;

    public SubjectPseudonyms(byte[] key)
    {
        if (key.Length < 32)
        {
            throw new ArgumentException("The pseudonym key must be at least 32 bytes.", nameof(key));
        }
        _key = key;
    }

    /// <summary>Names the key without revealing it (the first 16 hex digits of its SHA-256), for the manifest.</summary>
    public string KeyId => Convert.ToHexStringLower(SHA256.HashData(_key))[..16];

    /// <summary>The pseudonym of a passport number; empty when no number is recorded.</summary>
    public string Of(string passportNumber)
    {
        var normalised = Normalise(passportNumber);
        return normalised.Length == 0 ? string.Empty : Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(normalised)));
    }

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

    /// <summary>The configured key, or a development key kept under the data directory (never in the database).</summary>
    public static SubjectPseudonyms Load(ReviewOptions options, StorageOptions storage)
    {
        if (options.PseudonymKey.Length > 0)
        {
            return new SubjectPseudonyms(Convert.FromBase64String(options.PseudonymKey));
        }
        var folder = Path.Combine(Path.GetFullPath(storage.DataDirectory), "dev-keys");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "review-pseudonym.key");
        if (!File.Exists(path))
        {
            var temporary = path + ".tmp";
            File.WriteAllText(temporary, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
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
                // Another process made it first: use theirs.
            }
        }
        return new SubjectPseudonyms(Convert.FromBase64String(File.ReadAllText(path).Trim()));
    }
}
