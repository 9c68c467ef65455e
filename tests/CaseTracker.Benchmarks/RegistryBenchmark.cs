using System.Diagnostics;
using System.Globalization;
using CaseTracker.Client;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Data.Sqlite;

namespace CaseTracker.Benchmarks;

/// <summary>
/// A registry snapshot compared with the previous one (issue 25): the first snapshot of a series is imported alone
/// (nothing to compare it with), then the next one — 2% of its people removed, as many added, 0.5% on another
/// ground — is imported and compared with it, in the same server. The second import's time over the first's is
/// what comparing adds; the goal is at most 2×.
/// </summary>
public static class RegistryBenchmark
{
    private static readonly V1.RegistryGround[] Grounds = [.. System.Enum.GetValues<V1.RegistryGround>().Where(g => g != V1.RegistryGround.Unspecified)];

    public static async Task RunAsync(int size)
    {
        Console.WriteLine("Registry snapshots over gRPC (client and server in one process, SQLite synchronous=FULL): the first imported alone, the next imported and compared with it.");
        Console.WriteLine($"{"records",9} {"import alone s",15} {"import + compare s",19} {"ratio",6}  changes");
        var folder = Path.Combine(Path.GetTempPath(), "casetracker-registry-" + Guid.NewGuid().ToString("N"));
        try
        {
            var random = new Random(25);
            var first = ReconciliationBenchmark.Generate(size * 51 / 50);
            var reserve = first.Skip(size).ToList();
            first = [.. first.Take(size).Select(r => new V1.PersonRecord(r) { Ground = Grounds[random.Next(Grounds.Length)] })];
            var second = Churn(first, reserve, random);
            await using var server = await ReconciliationBenchmark.BenchmarkHost.StartAsync(folder);
            var alone = await TimedAsync(server.Ru, "registry-1", 0, first);
            var compared = await TimedAsync(server.Ru, "registry-2", 4, second);
            var snapshot = await server.Ru.Reconciliations.GetReconciliationAsync(new V1.GetReconciliationRequest { Name = "reconciliations/ru-registry-2" });
            var changes = string.Join(", ", snapshot.ChangeCounts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key.ToLowerInvariant()} {c.Value}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{size,9:N0} {alone.TotalSeconds,15:0.00} {compared.TotalSeconds,19:0.00} {compared / alone,6:0.00}  {changes}"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<TimeSpan> TimedAsync(CaseTrackerClient client, string importId, int hours, List<V1.PersonRecord> records)
    {
        var header = new V1.PersonListHeader
        {
            ImportId = importId, Kind = V1.PersonListKind.RegistrySnapshot, AsOfTime = Timestamp.FromDateTime(DateTime.UtcNow.Date.AddHours(hours)),
        };
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var clock = Stopwatch.StartNew();
        await client.ImportPersonListAsync(header, records);
        return clock.Elapsed;
    }

    /// <summary>The next snapshot: 2% removed, as many added from <paramref name="reserve"/>, 0.5% moved to another ground, lines renumbered.</summary>
    private static List<V1.PersonRecord> Churn(List<V1.PersonRecord> previous, List<V1.PersonRecord> reserve, Random random)
    {
        var next = previous.Where(_ => random.Next(50) != 0).Select(r => new V1.PersonRecord(r)).ToList();
        next.AddRange(reserve.Take(previous.Count - next.Count).Select(r => new V1.PersonRecord(r) { Ground = Grounds[random.Next(Grounds.Length)] }));
        foreach (var moved in next.Where(_ => random.Next(200) == 0))
        {
            moved.Ground = Grounds[(Array.IndexOf(Grounds, moved.Ground) + 1) % Grounds.Length];
        }
        return [.. next.Select((r, i) => new V1.PersonRecord(r) { Line = i + 1 })];
    }
}
