using System.Diagnostics;
using System.Globalization;
using CaseTracker.Client;
using CaseTracker.Server;
using CaseTracker.Server.Security;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CaseTracker.Benchmarks;

/// <summary>
/// A ministry's list imported end to end over gRPC through the client — streamed, checked, matched and stored —
/// against the yardstick measured in the same run: a raw Microsoft.Data.Sqlite insert of the same rows (as the
/// import stored them) into the same table, one prepared statement in one transaction. Before each list, the other party's returned-home list
/// (55% of the same people) is imported, untimed, so the matcher has known persons to find.
/// </summary>
public static class ReconciliationBenchmark
{
    private static readonly string[] Surnames =
    [
        "RAKHMONOV", "JURAEV", "QODIROV", "KHAYDAROV", "NAZAROV", "SAIDOV", "UMAROV", "GHAFUROV", "SHARIPOV", "ISMOILOV", "KARIMOV", "RAHIMOV",
        "NABIEV", "HUSEYNOV", "MIRZOEV", "DAVLATOV", "SAFAROV", "KHOLIQOV", "ASHUROV", "QURBONOV", "AZIZOV", "ABDULLOEV", "SHUKUROV", "JALOLOV",
    ];

    private static readonly string[] GivenNames =
    [
        "FARRUKH", "BAHROM", "SINO", "UMED", "FIRUZ", "ANVAR", "SORBON", "DILSHOD", "MEHROJ", "SHAHROM", "JAMSHED", "KHURSHED", "RUSTAM",
        "ALISHER", "BEHRUZ", "PARVIZ", "FARHOD", "ZAFAR", "IKROM", "KOMRON", "NOSIR", "SUHROB", "TOHIR", "HASAN",
    ];

    public static async Task RunAsync(int[] sizes)
    {
        Console.WriteLine("List reconciliation end to end over gRPC (client and server in one process, SQLite synchronous=FULL), against a raw insert of the same rows.");
        Console.WriteLine("\"after restart\": the same list again on a server just restarted, which reads and indexes the returned-home list first.");
        Console.WriteLine($"{"records",9} {"import s",9} {"records/s",10} {"raw insert s",13} {"ratio",6} {"peak heap MiB",14} {"peak WS MiB",12} {"after restart s",16} {"ratio",6}  outcomes");
        foreach (var size in sizes)
        {
            var folder = Path.Combine(Path.GetTempPath(), "casetracker-lists-" + Guid.NewGuid().ToString("N"));
            try
            {
                var people = Generate(size);
                V1.Operation operation;
                TimeSpan elapsed, raw;
                long heap, workingSet;
                await using (var server = await BenchmarkHost.StartAsync(folder))
                {
                    await server.Tj.ImportPersonListAsync(Header("home", V1.PersonListKind.ReturnedHomeList),
                        [.. people.Where((_, i) => i % 20 < 11).Select((p, i) => new V1.PersonRecord(p)
                        {
                            Line = i + 1,
                            PassportNumber = i % 10 == 0 && p.PassportNumber.Length > 0 ? "5" + p.PassportNumber[1..] : p.PassportNumber,
                        })]);

                    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                    using var sampler = new ReviewBenchmark.MemorySampler();
                    var clock = Stopwatch.StartNew();
                    operation = await server.Ru.ImportPersonListAsync(Header("expulsions", V1.PersonListKind.ExpulsionList), people);
                    elapsed = clock.Elapsed;
                    (heap, workingSet) = sampler.Stop();
                    var storage = server.App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Server.Storage.StorageOptions>>().Value;
                    raw = RawInsert(storage.ResolveConnectionString(), Path.Combine(folder, "raw.db"), "ru-expulsions");
                }
                TimeSpan afterRestart;
                await using (var restarted = await BenchmarkHost.StartAsync(folder))
                {
                    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                    var clock = Stopwatch.StartNew();
                    await restarted.Ru.ImportPersonListAsync(Header("expulsions-again", V1.PersonListKind.ExpulsionList), people);
                    afterRestart = clock.Elapsed;
                }
                var counts = operation.Response.Unpack<V1.Reconciliation>().OutcomeCounts
                    .Where(c => c.Value > 0)
                    .Select(c => $"{c.Key.Replace("RECONCILIATION_OUTCOME_", string.Empty, StringComparison.Ordinal).ToLowerInvariant()} {c.Value}");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{size,9:N0} {elapsed.TotalSeconds,9:0.00} {size / elapsed.TotalSeconds,10:0} {raw.TotalSeconds,13:0.00} {elapsed / raw,6:0.0} {heap / 1048576.0,14:0.0} {workingSet / 1048576.0,12:0.0} {afterRestart.TotalSeconds,16:0.00} {afterRestart / raw,6:0.0}  {string.Join(", ", counts)}"));
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>A server on a data folder, and a ministry system client of each party.</summary>
    internal sealed class BenchmarkHost : IAsyncDisposable
    {
        private BenchmarkHost(Microsoft.AspNetCore.Builder.WebApplication app, int port)
        {
            App = app;
            Tj = Client(app, port, Server.Cases.Party.TJ);
            Ru = Client(app, port, Server.Cases.Party.RU);
        }

        public Microsoft.AspNetCore.Builder.WebApplication App { get; }

        public CaseTrackerClient Tj { get; }

        public CaseTrackerClient Ru { get; }

        public static async Task<BenchmarkHost> StartAsync(string folder)
        {
            var port = Ports.Free();
            var app = CaseTrackerApp.Build(BenchmarkServer.Settings(folder, port));
            await app.StartAsync();
            return new BenchmarkHost(app, port);
        }

        public async ValueTask DisposeAsync()
        {
            Tj.Dispose();
            Ru.Dispose();
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }

    private static CaseTrackerClient Client(Microsoft.AspNetCore.Builder.WebApplication app, int port, Server.Cases.Party party)
    {
        var token = TokenIssuer.Mint(app.Services.GetRequiredService<TokenKeys>(), "casetracker", party, Server.Cases.Role.MinistrySystem,
            $"bench.{party}".ToLowerInvariant(), "Benchmark", TimeSpan.FromHours(2), DateTime.UtcNow);
        return CaseTrackerClient.Create(new Uri($"http://127.0.0.1:{port}"), () => token);
    }

    private static V1.PersonListHeader Header(string id, V1.PersonListKind kind) =>
        new() { ImportId = id, Kind = kind, AsOfTime = Timestamp.FromDateTime(DateTime.UtcNow.Date) };

    internal static List<V1.PersonRecord> Generate(int size)
    {
        var random = new Random(size);
        return [.. Enumerable.Range(1, size).Select(line => new V1.PersonRecord
        {
            Line = line,
            Surname = Surnames[random.Next(Surnames.Length)],
            GivenName = GivenNames[random.Next(GivenNames.Length)],
            DateOfBirth = new DateOnly(1960, 1, 1).AddDays(random.Next(45 * 365)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            PassportNumber = line % 5 == 0 ? string.Empty : $"4{random.Next(10_000_000, 99_999_999)}",
            SourceReference = $"MVD-{line:D7}",
        })];
    }

    /// <summary>
    /// The yardstick: the rows the import stored — read back as they are, outcomes and explanations included — written
    /// again into a fresh database with the same table and indexes, by one prepared statement in one transaction
    /// (WAL, synchronous=FULL). Only the writing is timed.
    /// </summary>
    private static TimeSpan RawInsert(string serverDatabase, string path, string list)
    {
        var rows = new List<object[]>();
        var ddl = new List<string>();
        using (var source = new SqliteConnection(serverDatabase))
        {
            source.Open();
            using var schema = source.CreateCommand();
            schema.CommandText = "SELECT sql FROM sqlite_master WHERE tbl_name = 'PersonListRows' AND sql IS NOT NULL ORDER BY type DESC";
            using (var reader = schema.ExecuteReader())
            {
                while (reader.Read())
                {
                    // The same table and indexes, without the foreign key to a list table the fresh file does not have.
                    ddl.Add(System.Text.RegularExpressions.Regex.Replace(reader.GetString(0), @",\s*CONSTRAINT ""FK_[^""]+"" FOREIGN KEY [^)]+\) REFERENCES [^)]+\)( ON DELETE RESTRICT)?", string.Empty));
                }
            }
            using var read = source.CreateCommand();
            read.CommandText = "SELECT * FROM \"PersonListRows\" WHERE \"List\" = $list ORDER BY \"Line\"";
            read.Parameters.AddWithValue("$list", list);
            using var rowsReader = read.ExecuteReader();
            while (rowsReader.Read())
            {
                var values = new object[rowsReader.FieldCount];
                rowsReader.GetValues(values);
                rows.Add(values);
            }
        }
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = $"PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; {string.Join(";\n", ddl)};";
            setup.ExecuteNonQuery();
        }
        var clock = Stopwatch.StartNew();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        var width = rows.Count == 0 ? 0 : rows[0].Length;
        insert.CommandText = $"INSERT INTO \"PersonListRows\" VALUES ({string.Join(", ", Enumerable.Range(0, width).Select(i => $"$p{i}"))})";
        var parameters = Enumerable.Range(0, width).Select(i => insert.Parameters.Add($"$p{i}", SqliteType.Text)).ToArray();
        foreach (var (parameter, i) in parameters.Select((p, i) => (p, i)))
        {
            parameter.SqliteType = rows.Count > 0 && rows[0][i] is long or int ? SqliteType.Integer : rows.Count > 0 && rows[0][i] is double ? SqliteType.Real : SqliteType.Text;
        }
        insert.Prepare();
        foreach (var row in rows)
        {
            for (var i = 0; i < width; i++)
            {
                parameters[i].Value = row[i];
            }
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
        return clock.Elapsed;
    }

}
