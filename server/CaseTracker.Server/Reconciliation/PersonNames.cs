using System.Text;

namespace CaseTracker.Server.Reconciliation;

/// <summary>
/// Brings a name written in Russian Cyrillic, Tajik Cyrillic (ғ ӣ қ ӯ ҳ ҷ) or a Latin passport spelling to one
/// comparable key. Cyrillic is transliterated along ICAO 9303 (х → kh, ж → zh, ё → e, …); then the variants
/// seen in practice are folded together: kh/h/x, dzh/j/zh, gh/g, q/k, yo/ye/e, the Tajik о for the Russian а,
/// doubled letters; a surname also loses its ending (-ov, -ova, -ev, -eva, -zoda, -zod, -zade), so Rakhmonov,
/// Раҳмонова and Rahmonzoda share a stem.
/// </summary>
public static class PersonNames
{
    private static readonly Dictionary<char, string> Cyrillic = new()
    {
        ['а'] = "a", ['б'] = "b", ['в'] = "v", ['г'] = "g", ['ғ'] = "gh", ['д'] = "d", ['е'] = "e", ['ё'] = "e",
        ['ж'] = "zh", ['з'] = "z", ['и'] = "i", ['ӣ'] = "i", ['й'] = "i", ['к'] = "k", ['қ'] = "q", ['л'] = "l",
        ['м'] = "m", ['н'] = "n", ['о'] = "o", ['п'] = "p", ['р'] = "r", ['с'] = "s", ['т'] = "t", ['у'] = "u",
        ['ӯ'] = "u", ['ф'] = "f", ['х'] = "kh", ['ҳ'] = "h", ['ц'] = "ts", ['ч'] = "ch", ['ҷ'] = "j", ['ш'] = "sh",
        ['щ'] = "shch", ['ъ'] = "", ['ы'] = "y", ['ь'] = "", ['э'] = "e", ['ю'] = "iu", ['я'] = "ia",
    };

    // As keys: "zoda" is "zada" once folded.
    private static readonly string[] SurnameEndings = [.. new[] { "zoda", "zade", "zod", "ova", "eva", "ov", "ev" }.Select(Key)];

    /// <summary>The comparable key of a whole name part (a given name): transliterated, folded, doubles collapsed.</summary>
    public static string Key(string name)
    {
        var latin = Transliterate(name);
        var key = new StringBuilder(latin.Length);
        for (var i = 0; i < latin.Length;)
        {
            var next = i + 1 < latin.Length ? latin[i + 1] : '\0';
            // The variants, longest first at each position: dzh, zh → j; kh → h; gh → g; yo, ye → e; yu, ya → iu, ia;
            // then the single letters q → k, x → h, w → v, y → i, o → a.
            switch (latin[i])
            {
                case 'd' when next == 'z' && i + 2 < latin.Length && latin[i + 2] == 'h':
                    Append(key, 'j');
                    i += 3;
                    continue;
                case 'z' when next == 'h':
                    Append(key, 'j');
                    i += 2;
                    continue;
                case 'k' when next == 'h':
                case 'g' when next == 'h':
                    Append(key, latin[i] == 'k' ? 'h' : 'g');
                    i += 2;
                    continue;
                case 'y' when next is 'o' or 'e':
                    Append(key, 'e');
                    i += 2;
                    continue;
                case 'y' when next is 'u' or 'a':
                    Append(key, 'i');
                    Append(key, next);
                    i += 2;
                    continue;
                default:
                    Append(key, latin[i] switch { 'q' => 'k', 'x' => 'h', 'w' => 'v', 'y' => 'i', 'o' => 'a', var c => c });
                    i++;
                    continue;
            }
        }
        return key.ToString();
    }

    /// <summary>The key of a surname without its ending.</summary>
    public static string SurnameKey(string surname)
    {
        var key = Key(surname);
        foreach (var ending in SurnameEndings)
        {
            if (key.Length - ending.Length >= 3 && key.EndsWith(ending, StringComparison.Ordinal))
            {
                return key[..^ending.Length];
            }
        }
        return key;
    }

    /// <summary>The consonants of a key after its first letter: a coarse key that survives a mistyped vowel.</summary>
    public static string Skeleton(string key) =>
        key.Length == 0 ? key : key[0] + new string(key[1..].Where(c => c is not ('a' or 'e' or 'i' or 'u')).ToArray());

    /// <summary>Lower case Latin letters only: Cyrillic transliterated, everything else (spaces, hyphens, apostrophes) dropped.</summary>
    public static string Transliterate(string name)
    {
        var latin = new StringBuilder(name.Length + 4);
        foreach (var c in name.ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z')
            {
                latin.Append(c);
            }
            else if (Cyrillic.TryGetValue(c, out var letters))
            {
                latin.Append(letters);
            }
        }
        return latin.ToString();
    }

    /// <summary>Splits "SURNAME GIVEN NAMES" (the order passports and both ministries use) into its parts.</summary>
    public static (string Surname, string GivenName) Split(string fullName)
    {
        var parts = fullName.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length switch
        {
            0 => (string.Empty, string.Empty),
            1 => (parts[0], string.Empty),
            _ => (parts[0], parts[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]),
        };
    }

    /// <summary>Letters and digits in upper case: "AB 12-345" and "ab12345" are the same passport.</summary>
    public static string Passport(string number) => Reviews.SubjectPseudonyms.Normalise(number);

    private static void Append(StringBuilder key, char letter)
    {
        if (key.Length == 0 || key[^1] != letter)
        {
            key.Append(letter);
        }
    }
}
