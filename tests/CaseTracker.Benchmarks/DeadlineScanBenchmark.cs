using System.Diagnostics;
using System.Globalization;
using CaseTracker.Server;
using CaseTracker.Server.Deadlines;
using CaseTracker.Server.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CaseTracker.Benchmarks;

/// <summary>
/// Times one deadline scan over a growing number of clocks with the same number due: the scan reads only
/// what is due through its index, so its cost should follow the number due, not the total.
/// </summary>
public static class DeadlineScanBenchmark
{
    public static async Task RunAsync(int[] totals, int due)
    {
        Console.WriteLine($"Deadline scan: {due:N0} clocks due among each total (one open intake clock per case), SQLite, synchronous=FULL.");
        Console.WriteLine($"{"clocks",12} {"due",8} {"scan s",8} {"steps/s",10} {"events",8}");
        foreach (var total in totals)
        {
            var folder = Path.Combine(Path.GetTempPath(), "casetracker-scan-" + Guid.NewGuid().ToString("N"));
            var app = CaseTrackerApp.Build(BenchmarkServer.Settings(folder));
            await app.StartAsync();
            try
            {
                var now = DateTime.UtcNow;
                Seed(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value.ResolveConnectionString(), total, due, now);
                var job = app.Services.GetRequiredService<EscalateDueDeadlinesJob>();
                var clock = Stopwatch.StartNew();
                await job.RunAsync(CancellationToken.None);
                var elapsed = clock.Elapsed;
                var events = CountEvents(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value.ResolveConnectionString());
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{total,12:N0} {due,8:N0} {elapsed.TotalSeconds,8:0.00} {events / elapsed.TotalSeconds,10:0} {events,8:N0}"));
            }
            finally
            {
                await app.StopAsync();
                await app.DisposeAsync();
                SqliteConnection.ClearAllPools();
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>
    /// Writes the clocks directly, in one transaction: <paramref name="due"/> breached an hour ago, the rest due
    /// next month. Only the clocks are written (the scan reads nothing else), so the case foreign key is off here.
    /// </summary>
    private static void Seed(string connectionString, int total, int due, DateTime now)
    {
        using var connection = new SqliteConnection(connectionString + ";Foreign Keys=False");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO "Deadlines" ("CaseId", "Number", "Kind", "Stage", "OwingParty", "Priority", "StartTime", "DueTime", "WarnTime",
              "State", "StateBeforePause", "PausedTicks", "NextActionTime", "CalendarVersion", "Version")
            VALUES ($case, 1, 1, 1, $party, 1, $start, $due, $warn, $state, 0, 0, $next, 'RU-2025-2027.1; 3 WorkingDays', 1)
            """;
        var caseId = insert.Parameters.Add("$case", SqliteType.Text);
        var party = insert.Parameters.Add("$party", SqliteType.Integer);
        var start = insert.Parameters.Add("$start", SqliteType.Text);
        var dueTime = insert.Parameters.Add("$due", SqliteType.Text);
        var warn = insert.Parameters.Add("$warn", SqliteType.Text);
        var state = insert.Parameters.Add("$state", SqliteType.Integer);
        var next = insert.Parameters.Add("$next", SqliteType.Text);
        insert.Prepare();
        for (var i = 0; i < total; i++)
        {
            var isDue = i % (total / due) == 0;
            var dueAt = isDue ? now.AddHours(-1) : now.AddDays(30);
            caseId.Value = $"tf-2026-{i + 1:D6}";
            party.Value = i % 2 + 1;
            start.Value = Text(dueAt.AddDays(-3));
            dueTime.Value = Text(dueAt);
            warn.Value = Text(dueAt.AddHours(-18));
            state.Value = isDue ? 3 : 1; // warned, or running
            next.Value = Text(isDue ? dueAt : dueAt.AddHours(-18));
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    private static long CountEvents(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM \"CaseEvents\"";
        return (long)count.ExecuteScalar()!;
    }

    private static string Text(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
}
