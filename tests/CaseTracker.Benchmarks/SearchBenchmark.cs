using System.Diagnostics;
using System.Globalization;
using CaseTracker.Client;
using CaseTracker.Server;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Deadlines;
using CaseTracker.Server.Security;
using CaseTracker.Server.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CaseTracker.Benchmarks;

/// <summary>
/// Times a page of ListCases over 1,000,000 cases for the subject's fields, through the real client over loopback:
/// a surname (about 57 cases share each), a surname and given name, a date of birth, a passport and, as the worst
/// case, a two-letter prefix that most cases share. The cases are copied from one filed through EF Core, and their
/// search keys generated with set-based SQL, as filing would store them.
/// </summary>
public static class SearchBenchmark
{
    public static async Task RunAsync(int size, int repeats)
    {
        var folder = Path.Combine(Path.GetTempPath(), "casetracker-search-" + Guid.NewGuid().ToString("N"));
        var grpcPort = Ports.Free();
        var app = CaseTrackerApp.Build(BenchmarkServer.Settings(folder, grpcPort));
        await app.StartAsync();
        try
        {
            var seeding = Stopwatch.StartNew();
            await SeedAsync(app.Services, app.Services.GetRequiredService<IOptions<StorageOptions>>().Value.ResolveConnectionString(), size);
            Console.WriteLine($"ListCases over {size:N0} cases (seeded in {seeding.Elapsed.TotalSeconds:0} s), page of 50, SQLite; median and worst of {repeats} calls.");
            var token = TokenIssuer.Mint(app.Services.GetRequiredService<TokenKeys>(), "casetracker",
                Party.TJ, Role.Investigator, "bench.investigator", "Benchmark", TimeSpan.FromHours(2), DateTime.UtcNow);
            using var client = CaseTrackerClient.Create(new Uri($"http://127.0.0.1:{grpcPort}"), () => token);
            Console.WriteLine($"{"filter",-56} {"cases",6} {"median ms",10} {"worst ms",9}");
            foreach (var filter in new[]
            {
                "subject.name : \"abcmonov\"",
                "subject.name : \"farbb abcmon\"",
                "subject.name : \"far abcmonov\"",
                "subject.date_of_birth = 1990-04-12",
                "subject.passport_number = \"P00500000\"",
                "subject.name : \"ab\"",
            })
            {
                var times = new List<double>();
                var count = 0;
                for (var i = 0; i < repeats; i++)
                {
                    var clock = Stopwatch.StartNew();
                    var page = await client.Cases.ListCasesAsync(new V1.ListCasesRequest { Filter = filter, PageSize = 50 });
                    times.Add(clock.Elapsed.TotalMilliseconds);
                    count = page.Cases.Count;
                }
                times.Sort();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{filter,-56} {count,6} {times[times.Count / 2],10:0.0} {times[^1],9:0.0}"));
            }
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// Copies one case filed through EF Core into <paramref name="size"/> cases with their search keys; with
    /// <paramref name="clocks"/>, each keeps a copy of the template's running intake clock, due at times spread over
    /// the fortnight before and the fortnight after now (so about half are overdue).
    /// </summary>
    public static async Task SeedAsync(IServiceProvider services, string connectionString, int size, bool clocks = false)
    {
        await using (var db = await services.GetRequiredService<WriterContexts>().CreateDbContextAsync())
        {
            var details = new CaseDetails(IntakeChannel.Hotline, Priority.Normal, [],
                new Subject("", "", "TEMPLATE CASE", new DateOnly(1990, 4, 12), "TJK", "X", "", "", ""),
                new EnforcementAction(EnforcementActionType.ExpulsionOrder, null, "ГУ МВД", "Moscow", null, ""), [AllegationCode.Other], "");
            var (template, _) = Case.File(2026, 0, details, new Actor("bench", Party.TJ, Role.Supervisor), DateTime.UtcNow);
            db.Cases.Add(template);
            if (clocks)
            {
                var now = DateTime.UtcNow;
                db.Deadlines.Add(new Deadline(template.Id, 1, ClockKind.Stage, Stage.Intake, Party.TJ, Priority.Normal, now,
                    new DeadlineComputation(now.AddDays(1), now.AddHours(18), "benchmark")));
            }
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
        // Case i: surname key S(i) = three letters of (i * 7919) mod 17576, then "man" (17,576 surnames, about 57 cases
        // each); given name "far" and two letters of (i * 31) mod 676; born on one of 15,000 days; passport P and i.
        const string surname = "char(97 + ((i * 7919) % 17576) / 676) || char(97 + (((i * 7919) % 17576) / 26) % 26) || char(97 + (i * 7919) % 26) || 'man'";
        const string given = "'far' || char(97 + ((i * 31) % 676) / 26) || char(97 + (i * 31) % 26)";
        const string born = "date('1960-01-01', '+' || (i % 15000) || ' days')";
        var digits = IdDigits(size);
        string Value(string column) => column switch
        {
            "Id" => $"printf('tf-2026-{digits}', i)",
            "Reference" => $"printf('TF-2026-{digits}', i)",
            "ReferenceNumber" => "i",
            "Subject_NameLatin" => $"upper({surname} || 'ov ' || {given})",
            "Subject_PassportNumber" => "printf('P%08d', i)",
            "Subject_DateOfBirth" => born,
            "CreateTime" => "strftime('%Y-%m-%d %H:%M:%S', '2026-01-01', '+' || (i * 20) || ' seconds')",
            "UpdateTime" => "strftime('%Y-%m-%d %H:%M:%S', '2026-01-01', '+' || (i * 20) || ' seconds')",
            _ => $"t.\"{column}\"",
        };
        using var transaction = connection.BeginTransaction();
        var numbers = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @size)";
        Execute(connection, transaction, size, $"""
            INSERT INTO "Cases" ({string.Join(", ", columns.Select(c => $"\"{c}\""))})
            {numbers}
            SELECT {string.Join(", ", columns.Select(Value))} FROM n, (SELECT * FROM "Cases" WHERE "Id" = 'tf-2026-000000') AS t
            """);
        Execute(connection, transaction, size, $"""
            INSERT INTO "CaseSearchKeys" ("CaseId", "Kind", "Key")
            {numbers}
            SELECT printf('tf-2026-{digits}', i), k.kind, CASE k.kind WHEN 1 THEN (CASE k.part WHEN 0 THEN {surname} || 'av' WHEN 1 THEN {surname} ELSE {given} END)
              WHEN 2 THEN {born} WHEN 3 THEN printf('P%08d', i) WHEN 4 THEN 'TJK' ELSE '{CaseTracker.Server.Cases.CaseSearchKeys.FoldingVersion}' END
            FROM n, (SELECT 1 AS kind, 0 AS part UNION ALL SELECT 1, 1 UNION ALL SELECT 1, 2 UNION ALL SELECT 2, 0 UNION ALL SELECT 3, 0 UNION ALL SELECT 4, 0 UNION ALL SELECT 5, 0) AS k
            """);
        if (clocks)
        {
            CopyClocks(connection, transaction, size, numbers);
        }
        Execute(connection, transaction, size, "DELETE FROM \"CaseSearchKeys\" WHERE \"CaseId\" = 'tf-2026-000000'");
        Execute(connection, transaction, size, "DELETE FROM \"Deadlines\" WHERE \"CaseId\" = 'tf-2026-000000'");
        Execute(connection, transaction, size, "DELETE FROM \"Cases\" WHERE \"Id\" = 'tf-2026-000000'");
        transaction.Commit();
        Execute(connection, null, size, "ANALYZE");
    }

    /// <summary>
    /// The number in a case's ID: six digits, as the server files them, up to 999,999 cases (so each page can open
    /// one); seven beyond, for search only (such IDs are not valid case names).
    /// </summary>
    public static string IdDigits(int size) => size < 1_000_000 ? "%06d" : "%07d";

    private static void CopyClocks(SqliteConnection connection, SqliteTransaction transaction, int size, string numbers)
    {
        var columns = new List<string>();
        using (var info = connection.CreateCommand())
        {
            info.Transaction = transaction;
            info.CommandText = "SELECT name FROM pragma_table_info('Deadlines')";
            using var reader = info.ExecuteReader();
            while (reader.Read())
            {
                columns.Add(reader.GetString(0));
            }
        }
        var from = DateTime.UtcNow.AddDays(-14).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var spread = (int)TimeSpan.FromDays(28).TotalSeconds;
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var due = $"strftime('%Y-%m-%d %H:%M:%S', '{from}', '+' || ((i * 7919) % {spread}) || ' seconds')";
        string Value(string column) => column switch
        {
            "CaseId" => $"printf('tf-2026-{IdDigits(size)}', i)",
            "DueTime" => due,
            // Half of the clocks are owed by each party; a clock past its due time is breached, as the scan leaves it.
            "OwingParty" => $"CASE i % 2 WHEN 0 THEN {(int)Party.TJ} ELSE {(int)Party.RU} END",
            "State" => $"CASE WHEN {due} < '{now}' THEN {(int)DeadlineState.EscalatedLevel1} ELSE {(int)DeadlineState.Running} END",
            _ => $"t.\"{column}\"",
        };
        Execute(connection, transaction, size, $"""
            INSERT INTO "Deadlines" ({string.Join(", ", columns.Select(c => $"\"{c}\""))})
            {numbers}
            SELECT {string.Join(", ", columns.Select(Value))} FROM n, (SELECT * FROM "Deadlines" WHERE "CaseId" = 'tf-2026-000000' LIMIT 1) AS t
            """);
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, int size, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandTimeout = 0;
        command.CommandText = sql;
        command.Parameters.AddWithValue("@size", size);
        command.ExecuteNonQuery();
    }
}
