namespace CaseTracker.Server.Reconciliation;

/// <summary>The script a name is written in: it decides which of a subject's name fields the name fills.</summary>
public enum NameScript { Latin, Russian, Tajik }

/// <summary>Tells the script of a name as a list gives it.</summary>
public static class NameScripts
{
    /// <summary>
    /// The letters Tajik Cyrillic adds to the Russian alphabet (ғ ӣ қ ӯ ҳ ҷ): a name with any of them can only be
    /// Tajik, while one in the letters both alphabets share is taken for Russian.
    /// </summary>
    public const string TajikLetters = "ғӣқӯҳҷ";

    /// <summary>Tajik when a Tajik letter appears, else Russian when any Cyrillic letter does, else Latin.</summary>
    public static NameScript Of(string name)
    {
        var cyrillic = false;
        foreach (var c in name)
        {
            var lower = char.ToLowerInvariant(c);
            if (TajikLetters.Contains(lower, StringComparison.Ordinal))
            {
                return NameScript.Tajik;
            }
            cyrillic |= PersonNames.IsCyrillic(lower);
        }
        return cyrillic ? NameScript.Russian : NameScript.Latin;
    }
}
