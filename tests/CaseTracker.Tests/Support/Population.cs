using CaseTracker.Server.Reconciliation;

namespace CaseTracker.Tests.Support;

/// <summary>
/// A generated population with known truth, for measuring the matcher: persons drawn from common Tajik surnames
/// and given names (so namesakes are frequent), the case subjects among them as the task force recorded them, and
/// a list that names some of them — with the noise lists carry — and as many strangers.
/// </summary>
public sealed class Population
{
    // Russian Cyrillic stem and ending, Tajik Cyrillic stem.
    private static readonly (string Russian, string Ending, string Tajik)[] Surnames =
    [
        ("Рахмон", "ов", "Раҳмон"), ("Джура", "ев", "Ҷӯра"), ("Кодир", "ов", "Қодир"), ("Хайдар", "ов", "Ҳайдар"), ("Назар", "ов", "Назар"),
        ("Саид", "ов", "Саид"), ("Умар", "ов", "Умар"), ("Гафур", "ов", "Ғафур"), ("Шарип", "ов", "Шарип"), ("Исмоил", "ов", "Исмоил"),
        ("Карим", "ов", "Карим"), ("Рахим", "ов", "Раҳим"), ("Наби", "ев", "Набӣ"), ("Хусейн", "ов", "Ҳусейн"), ("Мирзо", "ев", "Мирзо"),
        ("Давлат", "ов", "Давлат"), ("Сафар", "ов", "Сафар"), ("Холик", "ов", "Холиқ"), ("Ашур", "ов", "Ашӯр"), ("Курбан", "ов", "Қурбон"),
        ("Азиз", "ов", "Азиз"), ("Абдулло", "ев", "Абдулло"), ("Файзулло", "ев", "Файзулло"), ("Шукур", "ов", "Шукур"), ("Джалол", "ов", "Ҷалол"),
        ("Зариф", "ов", "Зариф"), ("Латиф", "ов", "Латиф"), ("Султон", "ов", "Султон"), ("Юнус", "ов", "Юнус"), ("Одил", "ов", "Одил"),
    ];

    private static readonly (string Russian, string Tajik)[] GivenNames =
    [
        ("Фаррух", "Фарруҳ"), ("Бахром", "Баҳром"), ("Сино", "Сино"), ("Умед", "Умед"), ("Фируз", "Фирӯз"), ("Анвар", "Анвар"),
        ("Сорбон", "Сорбон"), ("Дилшод", "Дилшод"), ("Мехродж", "Меҳроҷ"), ("Зарина", "Зарина"), ("Мадина", "Мадина"), ("Нигора", "Нигора"),
        ("Шахром", "Шаҳром"), ("Джамшед", "Ҷамшед"), ("Хуршед", "Хуршед"), ("Рустам", "Рустам"), ("Алишер", "Алишер"), ("Бехруз", "Беҳрӯз"),
        ("Парвиз", "Парвиз"), ("Фарход", "Фарҳод"), ("Зафар", "Зафар"), ("Икром", "Икром"), ("Комрон", "Комрон"), ("Носир", "Носир"),
        ("Сухроб", "Суҳроб"), ("Тохир", "Тоҳир"), ("Хасан", "Ҳасан"), ("Шерзод", "Шерзод"), ("Юсуф", "Юсуф"), ("Давронбек", "Давронбек"),
    ];

    private static readonly (string From, string To)[] LatinVariants = [("KH", "H"), ("DZH", "J"), ("ZH", "J"), ("YO", "E"), ("Q", "K")];

    private readonly Random _random;

    public Population(int persons, int known, int listedKnown, int strangers, int seed = 9303)
    {
        _random = new Random(seed);
        var people = Enumerable.Range(0, persons + strangers).Select(NewPerson).ToList();
        Known = people.Take(known).Select((p, i) => p.AsKnown($"cases/tf-2026-{i + 1:D6}", _random)).ToList();
        var listed = people.Take(known).OrderBy(_ => _random.Next()).Take(listedKnown)
            .Select(p => (Person: p, Truth: (string?)Known[p.Index].Reference))
            .Concat(people.Skip(persons).Select(p => (Person: p, Truth: (string?)null)))
            .OrderBy(_ => _random.Next())
            .ToList();
        List = [.. listed.Select(l => (Noisy(l.Person), l.Truth))];
    }

    /// <summary>The case subjects, in Russian or Tajik Cyrillic as the filing party recorded them.</summary>
    public List<KnownPerson> Known { get; }

    /// <summary>The list, with the case each record truly is (null for a stranger).</summary>
    public List<(ListedPerson Person, string? Truth)> List { get; }

    private Person NewPerson(int index) => new(
        index,
        _random.Next(Surnames.Length),
        _random.Next(GivenNames.Length),
        _random.Next(2) == 0,
        new DateOnly(1965, 1, 1).AddDays(_random.Next(40 * 365)),
        $"{_random.Next(100_000_000, 999_999_999)}");

    private ListedPerson Noisy(Person person)
    {
        var (russianStem, ending, tajikStem) = Surnames[person.Surname];
        var (russianGiven, tajikGiven) = GivenNames[person.Given];
        var female = person.Female ? "а" : string.Empty;
        var surnameEnding = _random.NextDouble() < 0.05 ? "зода" : ending + female;
        string surname, given;
        var script = _random.NextDouble();
        if (script < 0.7)
        {
            surname = Variant(Icao(russianStem + surnameEnding));
            given = Variant(Icao(russianGiven));
        }
        else if (script < 0.85)
        {
            (surname, given) = (russianStem + surnameEnding, russianGiven);
        }
        else
        {
            (surname, given) = (tajikStem + surnameEnding, tajikGiven);
        }
        if (_random.NextDouble() < 0.02)
        {
            given = Typo(given);
        }
        var born = person.Born;
        if (_random.NextDouble() < 0.03)
        {
            born = _random.Next(3) switch { 0 => born.AddDays(1), 1 => born.AddYears(-1), _ => born.AddMonths(1) };
        }
        var passport = _random.NextDouble() switch
        {
            < 0.2 => string.Empty,
            < 0.3 => $"{_random.Next(100_000_000, 999_999_999)}", // a newer passport than the one on record
            < 0.4 => person.Passport[..3] + " " + person.Passport[3..],
            _ => person.Passport,
        };
        return new ListedPerson(surname, given, born, passport);
    }

    private string Variant(string latin) =>
        _random.Next(2) == 0 ? latin : LatinVariants.Aggregate(latin, (name, v) => name.Replace(v.From, v.To, StringComparison.Ordinal));

    private string Typo(string name)
    {
        var position = 1 + _random.Next(Math.Max(1, name.Length - 1));
        return name[..position] + (char.IsUpper(name[0]) && name.All(c => !char.IsLower(c)) ? 'X' : 'ы') + name[Math.Min(name.Length, position + 1)..];
    }

    private static string Icao(string cyrillic) => PersonNames.Transliterate(cyrillic).ToUpperInvariant();

    private sealed record Person(int Index, int Surname, int Given, bool Female, DateOnly Born, string Passport)
    {
        public KnownPerson AsKnown(string reference, Random random)
        {
            var (russianStem, ending, tajikStem) = Surnames[Surname];
            var (russianGiven, tajikGiven) = GivenNames[Given];
            var female = Female ? "а" : string.Empty;
            return random.Next(2) == 0
                ? new KnownPerson(KnownSource.OpenCase, reference, russianStem + ending + female, russianGiven, Born, Passport)
                : new KnownPerson(KnownSource.OpenCase, reference, tajikStem + ending + female, tajikGiven, Born, Passport);
        }
    }
}
