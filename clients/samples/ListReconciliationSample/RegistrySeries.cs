using System.Diagnostics;
using System.Globalization;
using CaseTracker.Client;
using CaseTracker.V1;
using Google.Protobuf.WellKnownTypes;

/// <summary>
/// A series of registry snapshots four hours apart, as Russia's registry of controlled persons is refreshed: the first
/// lists <c>count</c> people; each next one removes 2% of them, adds as many (a quarter of whom are on Tajikistan's
/// returned-home list, when it is imported: people who went home and are listed again), and moves 0.5% to another
/// ground. Two people are always in it, for the README's walk-through: RAKHMONOV FARRUKH (born 1990-04-12, passport
/// 400123456) is on the first snapshot, dropped by the second, and listed again from the third on; SAFAROV ZAFAR
/// (1970-01-01, 411111111), on the returned-home list, is absent from the first and listed from the second on.
/// Snapshot i's import ID is <c>registry-{as-of}</c>, so running the series again within the same four hours resumes
/// the same snapshots and changes nothing.
/// </summary>
internal static class RegistrySeries
{
    private static readonly RegistryGround[] Grounds = [.. System.Enum.GetValues<RegistryGround>().Where(g => g != RegistryGround.Unspecified)];

    private static readonly GeneratedPerson Delisted = new("Рахмонов", "Раҳмонов", "Фаррух", "Фарруҳ", new DateOnly(1990, 4, 12), "400123456");

    private static readonly GeneratedPerson ReturnedHome = new("Сафаров", "Сафаров", "Зафар", "Зафар", new DateOnly(1970, 1, 1), "411111111");

    public static async Task RunAsync(CaseTrackerClient registry, CaseTrackerClient? home, int snapshots, int count)
    {
        var random = new Random(25);
        var people = GeneratedList.Create(count * 2, seed: 250_000);
        var listed = people.Take(count).Select(p => (Person: p, Ground: Grounds[random.Next(Grounds.Length)])).ToList();
        var reserve = new Queue<GeneratedPerson>(people.Skip(count));
        var first = FloorToFourHours(DateTime.UtcNow).AddHours(-4 * (snapshots - 1));
        var wentHome = people.Skip(count).Where((_, i) => i % 4 == 0).Append(ReturnedHome).Append(Delisted).ToList();
        if (home is not null)
        {
            var records = wentHome.Select((p, i) => p.AsTajikRecord(i + 1)).ToList();
            await home.ImportPersonListAsync(new PersonListHeader
            {
                ImportId = $"returned-home-registry-{first:yyyyMMddHH}", Kind = PersonListKind.ReturnedHomeList,
                AsOfTime = Timestamp.FromDateTime(first), Title = "Citizens who returned to Tajikistan",
            }, records);
            Console.WriteLine($"Tajikistan's returned-home list: {records.Count:N0} records");
        }
        for (var i = 0; i < snapshots; i++)
        {
            if (i > 0)
            {
                Churn(listed, reserve, random);
            }
            var asOf = first.AddHours(4 * i);
            var records = WithWalkThrough(listed, i).Select((p, line) => Record(p.Person, p.Ground, line + 1)).ToList();
            await SendAsync(registry, asOf, records);
        }
    }

    /// <summary>Removes 2%, adds as many from the reserve, and moves 0.5% to another ground, in place.</summary>
    private static void Churn(List<(GeneratedPerson Person, RegistryGround Ground)> listed, Queue<GeneratedPerson> reserve, Random random)
    {
        var turnover = Math.Max(1, listed.Count / 50);
        for (var n = 0; n < turnover; n++)
        {
            listed.RemoveAt(random.Next(listed.Count));
        }
        for (var n = 0; n < turnover && reserve.Count > 0; n++)
        {
            listed.Insert(random.Next(listed.Count + 1), (reserve.Dequeue(), Grounds[random.Next(Grounds.Length)]));
        }
        for (var n = 0; n < Math.Max(1, listed.Count / 200); n++)
        {
            var at = random.Next(listed.Count);
            listed[at] = (listed[at].Person, Grounds[random.Next(Grounds.Length)]);
        }
    }

    /// <summary>The snapshot's people with the walk-through's two: RAKHMONOV first except on the second snapshot, SAFAROV from the second on.</summary>
    private static IEnumerable<(GeneratedPerson Person, RegistryGround Ground)> WithWalkThrough(List<(GeneratedPerson Person, RegistryGround Ground)> listed, int index)
    {
        if (index != 1)
        {
            yield return (Delisted, RegistryGround.SojournExpired);
        }
        if (index >= 1)
        {
            yield return (ReturnedHome, RegistryGround.WorkPermitEnded);
        }
        foreach (var person in listed)
        {
            yield return person;
        }
    }

    private static PersonRecord Record(GeneratedPerson person, RegistryGround ground, long line)
    {
        var record = person.AsPassportRecord(line);
        record.PassportNumber = person.Passport;
        record.SourceReference = $"REG-{person.Passport}";
        record.Ground = ground;
        return record;
    }

    private static async Task SendAsync(CaseTrackerClient registry, DateTime asOf, IReadOnlyList<PersonRecord> records)
    {
        var clock = Stopwatch.StartNew();
        var operation = await registry.ImportPersonListAsync(new PersonListHeader
        {
            ImportId = $"registry-{asOf:yyyyMMddHH}", Kind = PersonListKind.RegistrySnapshot, AsOfTime = Timestamp.FromDateTime(asOf), Title = "Registry of controlled persons",
        }, records);
        var snapshot = await registry.Reconciliations.GetReconciliationAsync(new GetReconciliationRequest { Name = operation.Response.Unpack<Reconciliation>().Name });
        var changes = string.Join(", ", snapshot.ChangeCounts.OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => $"{c.Key.Replace("KIND_", string.Empty, StringComparison.Ordinal).Replace("REGISTRY_PROPOSAL_", "proposal ", StringComparison.Ordinal).ToLowerInvariant()} {c.Value:N0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{snapshot.Name} (as of {asOf:yyyy-MM-dd HH:mm}Z): {snapshot.Records:N0} records in {clock.Elapsed.TotalSeconds:0.0} s; " +
            $"{(snapshot.PreviousSnapshot.Length == 0 ? "the first of the series" : $"against {snapshot.PreviousSnapshot}: {changes}")}"));
    }

    private static DateTime FloorToFourHours(DateTime utc) => new(utc.Year, utc.Month, utc.Day, utc.Hour / 4 * 4, 0, 0, DateTimeKind.Utc);
}
