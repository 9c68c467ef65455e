namespace CaseTracker.Server.Reconciliation;

/// <summary>
/// Brings a name written in Russian Cyrillic, Tajik Cyrillic (ғ ӣ қ ӯ ҳ ҷ) or a Latin spelling to one comparable
/// key. Cyrillic is transliterated along ICAO 9303 (х → kh, ж → zh, ё → yo, …); Latin letters lose their accents
/// (ū, ī, ï, é), and ş, ç, ğ become sh, ch, g. Then the variants seen in practice are folded together: kh/h/x,
/// dzh/dj/dsch/j/zh, gh/g, q/k, yo/ye/e, the Tajik о for the Russian а, the Tajik ё for the Russian я at the start
/// of a name, the French ou and tch and the German sch and tsch, the ts/tc of ц (passports before and after 2013),
/// doubled letters; a surname also loses its ending (-ov, -ova, -ev, -eva, -zoda, -zod, -zade, the Tajik -ӣ), so
/// Rakhmonov, Раҳмонова, Раҳмонӣ and Rahmonzoda share a stem. The French ch for ш, the German ch for х and the
/// German j for й are not folded: they would join the English ch of ч and the j of ж and дж.
/// </summary>
public static class PersonNames
{
    private static readonly Dictionary<char, string> Cyrillic = new()
    {
        ['а'] = "a", ['б'] = "b", ['в'] = "v", ['г'] = "g", ['ғ'] = "gh", ['д'] = "d", ['е'] = "e", ['ё'] = "yo",
        ['ж'] = "zh", ['з'] = "z", ['и'] = "i", ['ӣ'] = "i", ['й'] = "i", ['к'] = "k", ['қ'] = "q", ['л'] = "l",
        ['м'] = "m", ['н'] = "n", ['о'] = "o", ['п'] = "p", ['р'] = "r", ['с'] = "s", ['т'] = "t", ['у'] = "u",
        ['ӯ'] = "u", ['ф'] = "f", ['х'] = "kh", ['ҳ'] = "h", ['ц'] = "ts", ['ч'] = "ch", ['ҷ'] = "j", ['ш'] = "sh",
        ['щ'] = "shch", ['ъ'] = "", ['ы'] = "y", ['ь'] = "", ['э'] = "e", ['ю'] = "iu", ['я'] = "ia",
    };

    // As keys: "zoda" is "zada" once folded.
    private static readonly string[] SurnameEndings = [.. new[] { "zoda", "zade", "zod", "ova", "eva", "ov", "ev" }.Select(Key)];

    /// <summary>The Tajik surname ending -ӣ (Раҳмонӣ for Рахмонов), cut only from a stem of four letters or more.</summary>
    private const string TajikEnding = "i";

    /// <summary>Latin letters of other alphabets written as more than their base letter.</summary>
    private static readonly Dictionary<char, string> OtherLatin = new() { ['ş'] = "sh", ['ç'] = "ch", ['ğ'] = "g", ['ı'] = "i", ['ß'] = "ss" };

    /// <summary>Names up to this long are worked on the stack.</summary>
    private const int StackNameLength = 64;

    /// <summary>The comparable key of a whole name part (a given name): transliterated, folded, doubles collapsed.</summary>
    public static string Key(string name)
    {
        Span<char> buffer = name.Length <= StackNameLength ? stackalloc char[StackNameLength * MaxLettersPerCharacter] : new char[name.Length * MaxLettersPerCharacter];
        return new string(buffer[..Fold(buffer, Transliterate(name, buffer))]);
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
        return key.Length - TajikEnding.Length >= 4 && key.EndsWith(TajikEnding, StringComparison.Ordinal) ? key[..^TajikEnding.Length] : key;
    }

    /// <summary>The consonants of a key after its first letter: a coarse key that survives a mistyped vowel.</summary>
    public static string Skeleton(string key)
    {
        if (key.Length == 0)
        {
            return key;
        }
        Span<char> skeleton = key.Length <= StackNameLength ? stackalloc char[StackNameLength] : new char[key.Length];
        var length = 0;
        skeleton[length++] = key[0];
        foreach (var c in key.AsSpan(1))
        {
            if (c is not ('a' or 'e' or 'i' or 'u'))
            {
                skeleton[length++] = c;
            }
        }
        return length == key.Length ? key : new string(skeleton[..length]);
    }

    /// <summary>Lower case Latin letters only: Cyrillic transliterated, everything else (spaces, hyphens, apostrophes) dropped.</summary>
    public static string Transliterate(string name)
    {
        Span<char> buffer = name.Length <= StackNameLength ? stackalloc char[StackNameLength * MaxLettersPerCharacter] : new char[name.Length * MaxLettersPerCharacter];
        return new string(buffer[..Transliterate(name, buffer)]);
    }

    /// <summary>Whether a name has anything a key is made of: a Latin letter, or a Cyrillic one that transliterates.</summary>
    public static bool HasLetters(string name)
    {
        foreach (var c in name)
        {
            var lower = char.ToLowerInvariant(c);
            if (lower is >= 'a' and <= 'z' || (Cyrillic.TryGetValue(lower, out var letters) && letters.Length > 0) || LatinBase(lower) is not null)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Whether a letter (in lower case) is Cyrillic, Russian or Tajik: one the transliteration table knows.</summary>
    public static bool IsCyrillic(char lower) => Cyrillic.ContainsKey(lower);

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

    /// <summary>The most Latin letters one Cyrillic letter becomes (щ → shch).</summary>
    private const int MaxLettersPerCharacter = 4;

    /// <summary>Writes the name's Latin letters into <paramref name="latin"/>; gives their count.</summary>
    private static int Transliterate(string name, Span<char> latin)
    {
        var length = 0;
        foreach (var c in name)
        {
            var lower = char.ToLowerInvariant(c);
            if (lower is >= 'a' and <= 'z')
            {
                latin[length++] = lower;
            }
            else if (Cyrillic.TryGetValue(lower, out var letters) || (letters = LatinBase(lower)) is not null)
            {
                letters.CopyTo(latin[length..]);
                length += letters.Length;
            }
        }
        return length;
    }

    /// <summary>A Latin letter of another alphabet as plain letters: ş → sh, ū → u, ï → i; null for anything else.</summary>
    private static string? LatinBase(char lower)
    {
        if (lower < '\u00c0' || IsCyrillic(lower))
        {
            return null;
        }
        if (OtherLatin.TryGetValue(lower, out var letters))
        {
            return letters;
        }
        var decomposed = lower.ToString().Normalize(System.Text.NormalizationForm.FormD);
        return decomposed.Length > 1 && decomposed[0] is >= 'a' and <= 'z' ? decomposed[..1] : null;
    }

    /// <summary>
    /// Folds the variants in place (what is written never passes what is read), longest first at each position:
    /// dsch, dzh, dj, zh → j; tsch, tch → ch; sch → sh; tc → ts; kh → h; gh → g; you → iu; ou → u; at the start yo,
    /// ya → ia; yo, ye → e; yu, ya → iu, ia; then the single letters q → k, x → h, w → v, y → i, o → a; a letter
    /// written twice in a row is written once. Gives the key's length.
    /// </summary>
    private static int Fold(Span<char> latin, int length)
    {
        var key = 0;
        for (var i = 0; i < length;)
        {
            var next = i + 1 < length ? latin[i + 1] : '\0';
            if (FoldLong(latin, length, i, ref key) is var used and > 0)
            {
                i += used;
                continue;
            }
            switch (latin[i])
            {
                case 'd' when next == 'z' && i + 2 < length && latin[i + 2] == 'h':
                    Append(latin, ref key, 'j');
                    i += 3;
                    continue;
                case 'z' when next == 'h':
                    Append(latin, ref key, 'j');
                    i += 2;
                    continue;
                case 'k' when next == 'h':
                case 'g' when next == 'h':
                    Append(latin, ref key, latin[i] == 'k' ? 'h' : 'g');
                    i += 2;
                    continue;
                case 'y' when next is 'o' or 'e':
                    Append(latin, ref key, 'e');
                    i += 2;
                    continue;
                case 'y' when next is 'u' or 'a':
                    Append(latin, ref key, 'i');
                    Append(latin, ref key, next);
                    i += 2;
                    continue;
                default:
                    Append(latin, ref key, latin[i] switch { 'q' => 'k', 'x' => 'h', 'w' => 'v', 'y' => 'i', 'o' => 'a', var c => c });
                    i++;
                    continue;
            }
        }
        return key;
    }

    /// <summary>The French, German and older passport spellings at <paramref name="i"/>: how many letters were folded (0: none).</summary>
    private static int FoldLong(Span<char> latin, int length, int i, ref int key)
    {
        var rest = latin[i..length];
        if (rest.StartsWith("dsch"))
        {
            Append(latin, ref key, 'j');
            return 4;
        }
        if (rest.StartsWith("tsch") || rest.StartsWith("tch"))
        {
            Append(latin, ref key, 'c');
            Append(latin, ref key, 'h');
            return rest.StartsWith("tsch") ? 4 : 3;
        }
        if (rest.StartsWith("sch"))
        {
            Append(latin, ref key, 's');
            Append(latin, ref key, 'h');
            return 3;
        }
        if (rest.StartsWith("dj"))
        {
            Append(latin, ref key, 'j');
            return 2;
        }
        if (rest.StartsWith("tc"))
        {
            Append(latin, ref key, 't');
            Append(latin, ref key, 's');
            return 2;
        }
        if (rest.StartsWith("you") || rest.StartsWith("ou"))
        {
            if (rest[0] == 'y')
            {
                Append(latin, ref key, 'i');
            }
            Append(latin, ref key, 'u');
            return rest[0] == 'y' ? 3 : 2;
        }
        if (i == 0 && (rest.StartsWith("yo") || rest.StartsWith("ya")))
        {
            // The Tajik ё at the start of a name is the Russian я: Ёқубов, Якубов, Yoqubov, Yakubov.
            Append(latin, ref key, 'i');
            Append(latin, ref key, 'a');
            return 2;
        }
        return 0;
    }

    private static void Append(Span<char> key, ref int length, char letter)
    {
        if (length == 0 || key[length - 1] != letter)
        {
            key[length++] = letter;
        }
    }
}
