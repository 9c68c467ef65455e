// Streams a generated expulsion list of 124,000 Tajik citizens — Russian ministry's system — into CaseTracker
// and prints the progress and the outcome counts. With --tj-token it first streams the Tajik ministry's list of
// the people who already went home (more than half of them, as the source says), so the expulsion list has
// something to be reconciled against.
//
//   dotnet run --project clients/samples/ListReconciliationSample -- --ru-token RU_TOKEN [--tj-token TJ_TOKEN]
//       [--address http://localhost:5080] [--records 124000] [--import-id expulsions-2026-11]
//
// With --registry-series N it sends, instead, N snapshots of the registry of controlled persons four hours apart
// (--records people on the first, 20,000 by default), each with a few percent of its people removed, as many added,
// and some moved to another ground, and prints what each snapshot changed (see RegistrySeries.cs).
using System.Diagnostics;
using System.Globalization;
using CaseTracker.Client;
using CaseTracker.V1;
using Google.Protobuf.WellKnownTypes;

string Value(string name, string? fallback) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1]
    : fallback ?? throw new ArgumentException($"{name} is required (a token minted with --role ministry-system).");

var address = new Uri(Value("--address", "http://localhost:5080"));
var series = Array.IndexOf(args, "--registry-series") >= 0 ? int.Parse(Value("--registry-series", null), CultureInfo.InvariantCulture) : 0;
var count = int.Parse(Value("--records", series > 0 ? "20000" : "124000"), CultureInfo.InvariantCulture);
if (series > 0)
{
    using var registry = CaseTrackerClient.Create(address, () => Value("--ru-token", Environment.GetEnvironmentVariable("CASETRACKER_TOKEN")));
    using var home = Array.IndexOf(args, "--tj-token") >= 0 ? CaseTrackerClient.Create(address, () => Value("--tj-token", null)) : null;
    await RegistrySeries.RunAsync(registry, home, series, count);
    return 0;
}
var importId = Value("--import-id", $"expulsions-{DateTime.UtcNow:yyyy-MM-dd}");
var list = GeneratedList.Create(count, seed: 124_000);

if (Array.IndexOf(args, "--tj-token") >= 0)
{
    // Tajikistan's returned-home list: 55% of the people on the expulsion list, in Tajik Cyrillic, some with a newer passport.
    using var tj = CaseTrackerClient.Create(address, () => Value("--tj-token", null));
    var home = list.Where((_, i) => i % 20 < 11).Select((p, i) => p.AsTajikRecord(i + 1)).ToList();
    await ImportAsync(tj, "Tajikistan's returned-home list", new PersonListHeader
    {
        ImportId = $"returned-home-{importId}",
        Kind = PersonListKind.ReturnedHomeList,
        AsOfTime = Timestamp.FromDateTime(DateTime.UtcNow.Date),
        Title = "Citizens who returned to Tajikistan",
    }, home);
}

using var ru = CaseTrackerClient.Create(address, () => Value("--ru-token", Environment.GetEnvironmentVariable("CASETRACKER_TOKEN")));
await ImportAsync(ru, "Russia's expulsion list", new PersonListHeader
{
    ImportId = importId,
    Kind = PersonListKind.ExpulsionList,
    AsOfTime = Timestamp.FromDateTime(DateTime.UtcNow.Date),
    Title = "Foreign citizens facing expulsion",
}, list.Select((p, i) => p.AsPassportRecord(i + 1)).ToList());
return 0;

static async Task ImportAsync(CaseTrackerClient client, string what, PersonListHeader header, IReadOnlyList<PersonRecord> records)
{
    Console.WriteLine($"{what}: {records.Count:N0} records, import {header.ImportId}");
    var clock = Stopwatch.StartNew();
    var shown = 0L;
    var progress = new Progress<long>(sent =>
    {
        if (sent - shown >= 20_000 || sent == records.Count)
        {
            shown = sent;
            Console.WriteLine($"  sent {sent,9:N0} / {records.Count:N0}  ({sent / clock.Elapsed.TotalSeconds:N0} records/s)");
        }
    });
    var operation = await client.ImportPersonListAsync(header, records, progress);
    var reconciliation = operation.Response.Unpack<Reconciliation>();
    Console.WriteLine($"  {reconciliation.Name}: {reconciliation.State}, {reconciliation.Records:N0} records in {clock.Elapsed.TotalSeconds:0.0} s");
    foreach (var (outcome, n) in reconciliation.OutcomeCounts.OrderBy(o => o.Key, StringComparer.Ordinal))
    {
        Console.WriteLine($"    {outcome.Replace("RECONCILIATION_OUTCOME_", string.Empty, StringComparison.Ordinal),-20} {n,9:N0}");
    }
}

/// <summary>Invented people with common Tajik names (so namesakes are many), each in the spellings each side uses.</summary>
internal sealed record GeneratedPerson(string SurnameRussian, string SurnameTajik, string GivenRussian, string GivenTajik, DateOnly Born, string Passport)
{
    public PersonRecord AsPassportRecord(long line) => new()
    {
        Line = line,
        Surname = Latin.Of(SurnameRussian),
        GivenName = Latin.Of(GivenRussian),
        DateOfBirth = Born.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        PassportNumber = line % 5 == 0 ? string.Empty : Passport,
        SourceReference = $"MVD-{line:D7}",
    };

    public PersonRecord AsTajikRecord(long line) => new()
    {
        Line = line,
        Surname = SurnameTajik,
        GivenName = GivenTajik,
        DateOfBirth = Born.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        PassportNumber = line % 10 == 0 ? $"5{Passport[1..]}" : Passport,
        SourceReference = $"TJ-RH-{line:D7}",
    };
}

internal static class GeneratedList
{
    private static readonly (string Russian, string Tajik)[] Surnames =
    [
        ("Рахмонов", "Раҳмонов"), ("Джураев", "Ҷӯраев"), ("Кодиров", "Қодиров"), ("Хайдаров", "Ҳайдаров"), ("Назаров", "Назаров"),
        ("Саидов", "Саидов"), ("Умаров", "Умаров"), ("Гафуров", "Ғафуров"), ("Шарипов", "Шарипов"), ("Исмоилов", "Исмоилов"),
        ("Каримов", "Каримов"), ("Рахимов", "Раҳимов"), ("Набиев", "Набиев"), ("Хусейнов", "Ҳусейнов"), ("Мирзоев", "Мирзоев"),
        ("Давлатов", "Давлатов"), ("Сафаров", "Сафаров"), ("Холиков", "Холиқов"), ("Ашуров", "Ашӯров"), ("Курбанов", "Қурбонов"),
    ];

    private static readonly (string Russian, string Tajik)[] GivenNames =
    [
        ("Фаррух", "Фарруҳ"), ("Бахром", "Баҳром"), ("Сино", "Сино"), ("Умед", "Умед"), ("Фируз", "Фирӯз"), ("Анвар", "Анвар"),
        ("Сорбон", "Сорбон"), ("Дилшод", "Дилшод"), ("Мехродж", "Меҳроҷ"), ("Шахром", "Шаҳром"), ("Джамшед", "Ҷамшед"), ("Хуршед", "Хуршед"),
        ("Рустам", "Рустам"), ("Алишер", "Алишер"), ("Бехруз", "Беҳрӯз"), ("Парвиз", "Парвиз"), ("Фарход", "Фарҳод"), ("Зафар", "Зафар"),
    ];

    public static List<GeneratedPerson> Create(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var (surnameRussian, surnameTajik) = Surnames[random.Next(Surnames.Length)];
            var (givenRussian, givenTajik) = GivenNames[random.Next(GivenNames.Length)];
            return new GeneratedPerson(surnameRussian, surnameTajik, givenRussian, givenTajik,
                new DateOnly(1965, 1, 1).AddDays(random.Next(40 * 365)), $"4{random.Next(10_000_000, 99_999_999)}");
        })];
    }
}

/// <summary>Russian Cyrillic to the Latin of a passport (ICAO 9303).</summary>
internal static class Latin
{
    private static readonly Dictionary<char, string> Letters = new()
    {
        ['а'] = "A", ['б'] = "B", ['в'] = "V", ['г'] = "G", ['д'] = "D", ['е'] = "E", ['ё'] = "E", ['ж'] = "ZH", ['з'] = "Z", ['и'] = "I",
        ['й'] = "I", ['к'] = "K", ['л'] = "L", ['м'] = "M", ['н'] = "N", ['о'] = "O", ['п'] = "P", ['р'] = "R", ['с'] = "S", ['т'] = "T",
        ['у'] = "U", ['ф'] = "F", ['х'] = "KH", ['ц'] = "TS", ['ч'] = "CH", ['ш'] = "SH", ['щ'] = "SHCH", ['ы'] = "Y", ['э'] = "E",
        ['ю'] = "IU", ['я'] = "IA", ['ъ'] = "IE", ['ь'] = "",
    };

    public static string Of(string cyrillic) =>
        string.Concat(cyrillic.ToLowerInvariant().Select(c => Letters.TryGetValue(c, out var latin) ? latin : c.ToString().ToUpperInvariant()));
}
