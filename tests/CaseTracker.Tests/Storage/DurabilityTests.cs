using CaseTracker.Server.Cases;
using CaseTracker.Server.Storage;
using CaseTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseTracker.Tests.Storage;

/// <summary>What was acknowledged is there after a restart, and the schema is the migrated one.</summary>
public sealed class DurabilityTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "casetracker-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task AcknowledgedWrites_SurviveARestart_AndTheLogContinuesItsChain()
    {
        string name;
        using (var first = CaseTrackerHost.OnDataDirectory(_dataDirectory))
        {
            var created = await first.ClientFor(Party.TJ, Role.Investigator).CreateAsync();
            name = created.Name;
        }

        using var second = CaseTrackerHost.OnDataDirectory(_dataDirectory);
        var client = second.ClientFor(Party.RU, Role.Supervisor);
        var read = await client.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = name });
        await client.Cases.StartInvestigationAsync(new V1.StartInvestigationRequest { Name = name, Etag = read.Etag });
        var events = (await client.Cases.ListCaseEventsAsync(new V1.ListCaseEventsRequest())).CaseEvents;

        Assert.Equal(V1.Stage.Intake, read.Stage);
        Assert.Equal([1L, 2L], events.Select(e => e.Sequence));
        Assert.Equal(events[0].Hash, events[1].PreviousHash);
    }

    [Fact]
    public async Task Database_IsCreatedByMigrations_AndTheModelHasNoUnmigratedChanges()
    {
        using var host = CaseTrackerHost.OnDataDirectory(_dataDirectory);
        _ = host.Server;
        var storage = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value;
        // Each provider has its own migrations, kept under its own context type.
        await using CaseTrackerDbContext db = storage.Provider == StorageProvider.Postgres
            ? new PostgresMigrationContext(storage.Apply(new DbContextOptionsBuilder<PostgresMigrationContext>(), writer: false).Options)
            : await host.Services.GetRequiredService<IDbContextFactory<CaseTrackerDbContext>>().CreateDbContextAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a migration: run dotnet ef migrations add (for both contexts).");
        if (storage.Provider == StorageProvider.Sqlite)
        {
            Assert.Equal("wal", await db.Database.SqlQueryRaw<string>("SELECT journal_mode AS Value FROM pragma_journal_mode").SingleAsync());
        }
    }

    [SqliteOnlyFact("synchronous, foreign_keys and busy_timeout are SQLite's per-connection settings")]
    public async Task AWriterConnection_HandedOutAgainByThePool_IsStillDurable()
    {
        using var host = CaseTrackerHost.OnDataDirectory(_dataDirectory);
        _ = host.Server;
        var writers = host.Services.GetRequiredService<WriterContexts>();

        var settings = new List<(long Synchronous, long ForeignKeys, long BusyTimeout, long AutoCheckpoint)>();
        for (var open = 0; open < 3; open++)
        {
            await using var db = await writers.CreateDbContextAsync();
            settings.Add((
                await db.Database.SqlQueryRaw<long>("SELECT synchronous AS Value FROM pragma_synchronous").SingleAsync(),
                await db.Database.SqlQueryRaw<long>("SELECT foreign_keys AS Value FROM pragma_foreign_keys").SingleAsync(),
                await db.Database.SqlQueryRaw<long>("SELECT timeout AS Value FROM pragma_busy_timeout").SingleAsync(),
                await AutoCheckpointAsync(db)));
        }

        // The writer checkpoints the log itself only as a backstop; the WalCheckpointer does it after its commits.
        Assert.All(settings, s => Assert.Equal((2L, 1L, 10_000L, SqliteDurabilityInterceptor.WriterAutoCheckpointPages), s));
    }

    [SqliteOnlyFact("the write-ahead log and its checkpoints are SQLite's")]
    public async Task Commits_ReachTheDatabaseFile_ThroughTheBackgroundCheckpoint_WhileTheServerRuns()
    {
        using var host = CaseTrackerHost.OnDataDirectory(_dataDirectory);
        var client = host.ClientFor(Party.TJ, Role.Investigator);
        await client.CreateAsync();
        var file = Path.Combine(_dataDirectory, "casetracker.db");
        await WaitUntilAsync(() => WalFramesNotCheckpointed() == 0);
        var before = Contents(file);

        var names = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            names.Add((await client.CreateAsync()).Name);
        }

        // Far fewer pages than the writer's own backstop: only the background checkpoint copies them into the file.
        await WaitUntilAsync(() => WalFramesNotCheckpointed() == 0);
        Assert.NotEqual(before, Contents(file));
        Assert.Equal(names, (await Task.WhenAll(names.Select(async name => (await client.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = name })).Name))).ToList());

        // The log's frames not yet copied into the file, from the log-index (https://sqlite.org/walformat.html): the
        // last valid frame (mxFrame, at byte 16 of its header) less the frames backfilled (nBackfill, at byte 96).
        long WalFramesNotCheckpointed()
        {
            using var index = new FileStream(file + "-shm", FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var header = new byte[100];
            index.ReadExactly(header);
            return BitConverter.ToUInt32(header, 16) - (long)BitConverter.ToUInt32(header, 96);
        }
    }

    private static async Task<long> AutoCheckpointAsync(CaseTrackerDbContext db)
    {
        // A pragma that can set something has no table-valued form: asked on the context's own connection.
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA wal_autocheckpoint";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static string Contents(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(stream));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var waited = TimeSpan.Zero; !condition(); waited += TimeSpan.FromMilliseconds(50))
        {
            Assert.True(waited < TimeSpan.FromSeconds(10), "the log was not checkpointed within 10 s");
            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        TestDatabase.Drop(_dataDirectory);
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
