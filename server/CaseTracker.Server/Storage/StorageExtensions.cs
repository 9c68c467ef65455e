using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Storage;

public static class StorageExtensions
{
    public static WebApplicationBuilder AddCaseTrackerStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);

        // Readers: plain pooled contexts. On SQLite, WAL lets them read while the writer writes.
        builder.Services.AddPooledDbContextFactory<CaseTrackerDbContext>((services, options) =>
            services.GetRequiredService<IOptions<StorageOptions>>().Value.Apply(options, writer: false));

        // The writer: on SQLite its connections are made durable (synchronous=FULL) on every open.
        builder.Services.AddSingleton(services => new WriterContexts(services.GetRequiredService<IOptions<StorageOptions>>().Value));
        builder.Services.AddSingleton<Audit.CaseEventNotifier>();
        builder.Services.AddSingleton<BatchingWriter>();
        builder.Services.AddSingleton<IdempotentWriter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<BatchingWriter>());
        builder.Services.AddHostedService<PostgresCommitListener>();
        return builder;
    }

    /// <summary>
    /// Brings the database to the latest migration of its provider before the server takes calls. Nodes that
    /// start together wait for each other: EF Core takes a database-wide lock while it migrates.
    /// </summary>
    public static void ApplyMigrations(this WebApplication app)
    {
        var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        Directory.CreateDirectory(Path.GetFullPath(storage.DataDirectory));
        if (storage.Provider == StorageProvider.Postgres)
        {
            using var postgres = new PostgresMigrationContext(storage.Apply(new DbContextOptionsBuilder<PostgresMigrationContext>(), writer: true).Options);
            postgres.Database.Migrate();
            Cases.CaseSearchKeyBackfill.Run(postgres, postgres: true);
            return;
        }
        using var db = app.Services.GetRequiredService<WriterContexts>().CreateDbContext();
        db.Database.Migrate();
        Cases.CaseSearchKeyBackfill.Run(db, postgres: false);
    }
}

/// <summary>
/// The contexts the <see cref="BatchingWriter"/> writes through, and the lock that makes it the only writer of
/// the record: in-process that is the writer's single queue; across the nodes sharing a PostgreSQL database it is
/// a transaction-scoped advisory lock every batch takes before it reads the head of the event log.
/// </summary>
public sealed class WriterContexts(StorageOptions storage) : PooledDbContextFactory<CaseTrackerDbContext>(
    storage.Apply(new DbContextOptionsBuilder<CaseTrackerDbContext>(), writer: true).Options)
{
    /// <summary>The advisory lock key of the record's writer ("CaseTrac" in ASCII).</summary>
    public const long WriterLockKey = 0x4361736554726163;

    /// <summary>The PostgreSQL channel on which a commit of new events is announced to every node.</summary>
    public const string CommitChannel = "casetracker_events";

    /// <summary>
    /// Waits until this transaction is the only one writing the record (released when it ends), and on
    /// PostgreSQL queues the announcement of its commit: NOTIFY is delivered to the other nodes' watchers only
    /// if, and when, the transaction commits.
    /// </summary>
    public async Task LockForWritingAsync(CaseTrackerDbContext db)
    {
        if (storage.Provider == StorageProvider.Postgres)
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({WriterLockKey}); NOTIFY {CommitChannel}");
        }
    }
}
