using CaseTracker.Server.Reconciliation;
using Xunit.Abstractions;

namespace CaseTracker.Tests.Reconciliation;

/// <summary>
/// Spellings of one name in other traditions, gathered from public transliteration tables, folded to one key:
/// the rows used to tune the folding must all agree; the held-out rows, written down before the folding was
/// widened and never used to tune it, give its recall on spellings it was not shaped for.
/// </summary>
/// <remarks>
/// Sources of the renderings:
/// <list type="bullet">
/// <item>ICAO Doc 9303, Machine Readable Travel Documents, 7th ed. (2015), Part 3, section 6: the Cyrillic table Russian
/// passports use since 2014 (й → I, ю → IU, я → IA, х → KH, ц → TS).</item>
/// <item>GOST R 52535.1-2006 (Russian passports 2010–2013: ц → TC) and the MVD order No. 310 of 1997 table (before 2010:
/// й → Y, ю → YU, я → YA), as compared in "Romanization of Russian", Wikipedia (the transliteration table's columns).</item>
/// <item>The French and German renderings of Russian letters in the same comparison (French ou, dj, tch, ch for ш;
/// German sch, tsch, dsch, ch for х, j for й, w for в) and of Tajik names in French and German documents.</item>
/// <item>BGN/PCGN 1994 romanization of Tajik Cyrillic (ғ → gh, қ → q, ҳ → h, ҷ → j, ӣ → ī, ӯ → ū) and the Latin of
/// Tajik passports, and Turkish-style letters (ş, ç, ğ) seen on Uzbek and Turkish documents.</item>
/// <item>Russian renderings of Tajik names (Ёқубов / Якубов, Раҳмонӣ / Рахмонов), as the two ministries' lists write them.</item>
/// </list>
/// </remarks>
public sealed class NameVariantTableTests(ITestOutputHelper output)
{
    /// <summary>(the name as Russia or Tajikistan writes it, another spelling of it, where that spelling comes from).</summary>
    public static readonly TheoryData<string, string, string> Tuning = new()
    {
        { "Джураев", "DJOURAEV", "French dj, ou" },
        { "Рустам", "ROUSTAM", "French ou" },
        { "Чориев", "TCHORIEV", "French tch" },
        { "Юсуф", "YOUSSOUF", "French you, ss, ou" },
        { "Шукуров", "SCHUKUROW", "German sch, w" },
        { "Чориев", "TSCHORIEW", "German tsch" },
        { "Джураев", "DSCHURAEW", "German dsch" },
        { "Шарипов", "SCHARIPOW", "German sch" },
        { "Хайдаров", "KHAIDAROV", "ICAO 2014: й as I" },
        { "Хайдаров", "KHAYDAROV", "MVD 1997: й as Y" },
        { "Юнусов", "IUNUSOV", "ICAO 2014: ю as IU" },
        { "Юнусов", "YUNUSOV", "MVD 1997: ю as YU" },
        { "Кудрявцев", "KUDRIAVTCEV", "GOST 2006: ц as TC" },
        { "Кудрявцев", "KUDRYAVTSEV", "MVD 1997" },
        { "Якубов", "Ёқубов", "Tajik ё for the Russian я" },
        { "Ядгоров", "Ёдгоров", "Tajik ё for the Russian я" },
        { "Рахмонов", "Раҳмонӣ", "Tajik -ӣ for the Russian -ов" },
        { "Рахимов", "RAHIMĪ", "BGN/PCGN ī, Tajik -ӣ" },
        { "Ашуров", "ASHŪROV", "BGN/PCGN ū" },
        { "Шарипов", "ŞARIPOV", "Turkish-style ş" },
        { "Чориев", "ÇORIYEV", "Turkish-style ç" },
    };

    /// <summary>Held out: written down before the folding was widened, never used to tune it.</summary>
    public static readonly (string Name, string Variant, string Source)[] HeldOut =
    [
        ("Джалолов", "DJALOLOV", "French dj"),
        ("Шукуров", "CHOUKOUROV", "French ch for ш"),
        ("Хусейнов", "HOUSSEINOV", "French ou, ss"),
        ("Исмоилов", "ISMOÏLOV", "French ï"),
        ("Чулиев", "TCHOULIEV", "French tch, ou"),
        ("Нуриддинов", "NOURIDDINOV", "French ou"),
        ("Шамсиддинов", "SCHAMSIDDINOW", "German sch, w"),
        ("Джумаев", "DSCHUMAJEW", "German dsch, j for й"),
        ("Хасанов", "CHASANOW", "German ch for х"),
        ("Юлдашев", "JULDASCHEW", "German j for ю"),
        ("Ёкубов", "YOQUBOV", "Tajik passport yo, q"),
        ("Ярмухаммадов", "Ёрмуҳаммадов", "Tajik ё for the Russian я"),
        ("Кудратов", "QUDRATOV", "Tajik passport q"),
        ("Файзуллоев", "FAIZULLOEV", "ICAO 2014: й as I"),
        ("Гульчехра", "GULCHEKHRA", "ICAO, ь dropped"),
        ("Абдурахмонова", "ABDOURAKHMONOVA", "French ou"),
        ("Рахмонзода", "RAKHMONZADE", "Persian -zade"),
        ("Раҳмонӣ", "RAHMONOV", "Tajik -ӣ for -ов"),
        ("Сафари", "SAFAROV", "Tajik -и for -ов"),
        ("Гуломов", "ĞULOMOV", "Turkish-style ğ"),
        ("Умаров", "OUMAROV", "French ou"),
        ("Таджиддинов", "TADJIDDINOV", "French dj"),
        ("Давлатов", "DAWLATOW", "German w"),
        ("Эргашев", "ERGASCHEW", "German sch"),
        ("Шарипов", "CHARIPOV", "French ch for ш"),
        ("Хакимов", "CHAKIMOW", "German ch for х"),
        ("Юсупов", "JUSSUPOW", "German j for ю, ss"),
        ("Ходжаев", "KHODJAEV", "French dj"),
        ("Тошматов", "TOCHMATOV", "French ch for ш"),
        ("Зокиров", "ZOKIROW", "German w"),
    ];

    [Theory]
    [MemberData(nameof(Tuning))]
    public void ATuningSpelling_FoldsToTheSurnameKeyOfTheName(string name, string variant, string source)
    {
        Assert.True(PersonNames.SurnameKey(name) == PersonNames.SurnameKey(variant),
            $"{variant} ({source}): {PersonNames.SurnameKey(variant)} is not {name}'s {PersonNames.SurnameKey(name)}");
    }

    [Fact]
    public void TheHeldOutSpellings_AreMostlyFound_AndTheRecallIsReported()
    {
        var missed = HeldOut.Where(r => PersonNames.SurnameKey(r.Name) != PersonNames.SurnameKey(r.Variant)).ToList();
        var recall = (double)(HeldOut.Length - missed.Count) / HeldOut.Length;
        output.WriteLine($"held-out recall {HeldOut.Length - missed.Count}/{HeldOut.Length} = {recall:0.00}; missed: " +
            string.Join(", ", missed.Select(m => $"{m.Variant} for {m.Name} ({m.Source})")));

        // The README reports this figure; the misses are the renderings the folding leaves apart on purpose
        // (French ch for ш and German ch for х against the English ch for ч, German j against the j for ж and дж).
        Assert.True(recall >= 0.7, $"held-out recall {recall:0.00}");
    }

    [Theory]
    [InlineData("Шарипов", "Чарипов")]
    [InlineData("Хасанов", "Гасанов")]
    [InlineData("Юсупов", "Усупов")]
    [InlineData("Рахими", "Рахмонов")]
    [InlineData("Якубов", "Екубов")]
    public void NamesTheWideningMustNotJoin_KeepDifferentKeys(string one, string other)
    {
        Assert.NotEqual(PersonNames.SurnameKey(one), PersonNames.SurnameKey(other));
    }
}
