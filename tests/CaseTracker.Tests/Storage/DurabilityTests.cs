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

        var settings = new List<(long Synchronous, long ForeignKeys, long BusyTimeout)>();
        for (var open = 0; open < 3; open++)
        {
            await using var db = await writers.CreateDbContextAsync();
            settings.Add((
                await db.Database.SqlQueryRaw<long>("SELECT synchronous AS Value FROM pragma_synchronous").SingleAsync(),
                await db.Database.SqlQueryRaw<long>("SELECT foreign_keys AS Value FROM pragma_foreign_keys").SingleAsync(),
                await db.Database.SqlQueryRaw<long>("SELECT timeout AS Value FROM pragma_busy_timeout").SingleAsync()));
        }

        Assert.All(settings, s => Assert.Equal((2L, 1L, 10_000L), s));
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
