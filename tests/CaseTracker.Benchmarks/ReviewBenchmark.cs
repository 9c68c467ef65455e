using System.Diagnostics;
using System.Globalization;
using CaseTracker.Server;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Reviews;
using CaseTracker.Server.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CaseTracker.Benchmarks;

/// <summary>
/// Builds October's review over records of growing size and reports its time against a yardstick measured in
/// the same run — one plain Microsoft.Data.Sqlite read of the same rows in the same order, doing nothing with
/// them — and the peak managed heap and working set while it builds: a review that streams stays flat.
/// </summary>
public static class ReviewBenchmark
{
    private static readonly DateTime FirstFiling = new(2026, 8, 3, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime MonthEnd = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    public static async Task RunAsync(int[] sizes)
    {
        Console.WriteLine("Monthly review of October 2026: cases filed 3 Aug – 31 Oct, 4 events each, SQLite.");
        Console.WriteLine($"{"cases",10} {"events",10} {"active",9} {"review s",9} {"raw read s",11} {"ratio",6} {"peak heap MiB",14} {"peak WS MiB",12} {"cases.csv MiB",14}");
        foreach (var size in sizes)
        {
            var folder = Path.Combine(Path.GetTempPath(), "casetracker-review-" + Guid.NewGuid().ToString("N"));
            var app = CaseTrackerApp.Build(BenchmarkServer.Settings(folder));
            try
            {
                var connectionString = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value.ResolveConnectionString();
                await SeedAsync(app.Services, connectionString, size);
                var month = ReviewMonth.TryParse("2026-10", TimeZoneInfo.Utc)!;
                var builder = app.Services.GetRequiredService<MonthlyReviewBuilder>();
                var (asOf, _) = await builder.AsOfAsync(month, CancellationToken.None);

                var raw = Stopwatch.StartNew();
                var rows = RawRead(connectionString, asOf);
                raw.Stop();

                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                using var sampler = new MemorySampler();
                var review = Stopwatch.StartNew();
                var built = await builder.BuildAsync(month, Path.Combine(folder, "review"), null, CancellationToken.None);
                review.Stop();
                var (heap, workingSet) = sampler.Stop();

                var active = File.ReadLines(built.Files[0].Path).LongCount() - 1;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{size,10:N0} {rows,10:N0} {active,9:N0} {review.Elapsed.TotalSeconds,9:0.00} {raw.Elapsed.TotalSeconds,11:0.00} {review.Elapsed / raw.Elapsed,6:0.0} {heap / 1048576.0,14:0.0} {workingSet / 1048576.0,12:0.0} {built.Files[0].SizeBytes / 1048576.0,14:0.0}"));
            }
            finally
            {
                await app.DisposeAsync();
                SqliteConnection.ClearAllPools();
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>
    /// One real case written through EF Core is the template; the others are copied from it in one set-based
    /// INSERT … SELECT, and their events are generated the same way: filed, investigation started three days
    /// later, findings proposed after six, and every third case signed off by both parties after eight.
    /// </summary>
    private static async Task SeedAsync(IServiceProvider services, string connectionString, int size)
    {
        await using (var db = await services.GetRequiredService<WriterContexts>().CreateDbContextAsync())
        {
            var details = new CaseDetails(IntakeChannel.Hotline, Priority.Normal, [],
                new Subject("Рахмонов Фаррух", "Раҳмонов Фарруҳ", "RAKHMONOV FARRUKH", new DateOnly(1990, 4, 12), "TJK", "400123456", "", "", ""),
                new EnforcementAction(EnforcementActionType.ExpulsionOrder, null, "ГУ МВД", "Moscow", null, ""), [AllegationCode.Other], "");
            var (template, _) = Case.File(2026, 0, details, new Actor("bench", Party.TJ, Role.Supervisor), FirstFiling);
            db.Cases.Add(template);
            await db.SaveChangesAsync();
        }
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        var columns = new List<string>();
        using (var info = connection.CreateCommand())
        {
            info.CommandText = "SELECT name FROM pragma_table_info('Cases')";
            using var reader = info.ExecuteReader();
            while (reader.Read())
            {
                columns.Add(reader.GetString(0));
            }
        }
        string Value(string column) => column switch
        {
            "Id" => "printf('tf-2026-%07d', i)",
            "Reference" => "printf('TF-2026-%07d', i)",
            "ReferenceNumber" => "i",
            "Subject_PassportNumber" => "printf('P%08d', i)",
            "CreateTime" => "strftime('%Y-%m-%d %H:%M:%S', @first, '+' || (i * @spread) || ' seconds')",
            _ => $"t.\"{column}\"",
        };
        var created = "strftime('%Y-%m-%d %H:%M:%S', @first, '+' || (i * @spread + j * 86400) || ' seconds')";
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, size, $"""
            INSERT INTO "Cases" ({string.Join(", ", columns.Select(c => $"\"{c}\""))})
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @size)
            SELECT {string.Join(", ", columns.Select(Value))} FROM n, (SELECT * FROM "Cases" WHERE "Id" = 'tf-2026-000000') AS t
            """);
        Execute(connection, transaction, size, $$"""
            INSERT INTO "CaseEvents" ("Sequence", "CaseId", "Type", "Actor", "ActorParty", "ActorRole", "EventTime", "Payload", "PreviousHash", "Hash")
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @size),
              k(ord, j, type, payload) AS (VALUES
                (0, 0, 'CASE_EVENT_TYPE_CASE_CREATED', '"filing_party":"TJ","stage":"Intake","intake_channel":"Hotline","priority":"Normal","urgency_reasons":"","enforcement_action":"RegistryPlacement","registry_ground":"SojournExpired","allegations":"WrongfulListingAlreadyLeft","region":"'),
                (1, 3, 'CASE_EVENT_TYPE_INVESTIGATION_STARTED', '"from_stage":"Intake","to_stage":"Investigation","x":"'),
                (2, 6, 'CASE_EVENT_TYPE_RESOLUTION_PROPOSED', '"from_stage":"Investigation","to_stage":"Resolution","x":"'),
                (3, 8, 'CASE_EVENT_TYPE_RESOLUTION_SIGNED_OFF', '"party":"TJ","closed":"true","outcome":"ViolationConfirmed","x":"'))
            SELECT i * 4 + ord, printf('tf-2026-%07d', i), type, 'bench', 'PARTY_TJ', 'ROLE_SUPERVISOR', {{created}},
              '{"reference":"' || printf('TF-2026-%07d', i) || '",' || payload || (CASE i % 5 WHEN 0 THEN 'Moscow' WHEN 1 THEN 'Saint Petersburg' WHEN 2 THEN 'Tatarstan' WHEN 3 THEN 'Moscow Oblast' ELSE 'Samara Oblast' END) || '"}',
              '', printf('%064d', i * 4 + ord)
            FROM n, k WHERE j < 8 OR i % 3 = 0
            """);
        Execute(connection, transaction, size, "DELETE FROM \"Cases\" WHERE \"Id\" = 'tf-2026-000000'");
        transaction.Commit();
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, int size, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandTimeout = 0;
        command.CommandText = sql;
        command.Parameters.AddWithValue("@size", size);
        command.Parameters.AddWithValue("@first", FirstFiling.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        // Filings are spread evenly from 3 August to the end of October.
        command.Parameters.AddWithValue("@spread", (MonthEnd - FirstFiling).TotalSeconds / size);
        command.ExecuteNonQuery();
    }

    /// <summary>The yardstick: the same rows, in the same order, read with a plain data reader.</summary>
    private static long RawRead(string connectionString, long asOf)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandTimeout = 0;
        command.CommandText = """
            SELECT e."Sequence", e."CaseId", e."Type", e."ActorParty", e."EventTime", e."Payload", c."Subject_PassportNumber"
            FROM "CaseEvents" AS e JOIN "Cases" AS c ON e."CaseId" = c."Id"
            WHERE e."Sequence" <= @asOf ORDER BY e."CaseId", e."Sequence"
            """;
        command.Parameters.AddWithValue("@asOf", asOf);
        using var reader = command.ExecuteReader();
        long rows = 0;
        while (reader.Read())
        {
            _ = reader.GetInt64(0);
            _ = reader.GetString(1);
            _ = reader.GetString(2);
            _ = reader.GetString(3);
            _ = reader.GetDateTime(4);
            _ = reader.GetString(5);
            _ = reader.GetString(6);
            rows++;
        }
        return rows;
    }

    /// <summary>Samples the managed heap and the working set every 10 ms and keeps the peaks.</summary>
    internal sealed class MemorySampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _sampling;
        private long _heap;
        private long _workingSet;

        public MemorySampler() => _sampling = Task.Run(async () =>
        {
            using var process = Process.GetCurrentProcess();
            while (!_stop.IsCancellationRequested)
            {
                process.Refresh();
                _heap = Math.Max(_heap, GC.GetTotalMemory(false));
                _workingSet = Math.Max(_workingSet, process.WorkingSet64);
                await Task.Delay(10);
            }
        });

        public (long Heap, long WorkingSet) Stop()
        {
            _stop.Cancel();
            _sampling.Wait();
            return (_heap, _workingSet);
        }

        public void Dispose() => _stop.Dispose();
    }
}
