using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

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
        builder.Services.AddHostedService<WalCheckpointer>();
        return builder;
    }

    /// <summary>
    /// Brings the database to the latest migration of its provider before the server takes calls. On PostgreSQL,
    /// nodes that start together take turns: the migrations, the search-key backfill and every
    /// <see cref="IPostgresSchemaInstaller"/> (Hangfire's schema) run under one database-wide advisory lock, so
    /// the first node creates the tables and the others find them made. A record it cannot use stops the server
    /// with one line (<see cref="Hosting.StartupRefusal"/>): a data folder it cannot write, a full disk, a
    /// database newer than this code, a corrupt database file.
    /// </summary>
    public static void ApplyMigrations(this WebApplication app)
    {
        var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        DataFolder.EnsureWritable(Path.GetFullPath(storage.DataDirectory));
        if (storage.Provider == StorageProvider.Postgres)
        {
            MigratePostgres(storage, app.Services.GetServices<IPostgresSchemaInstaller>());
            return;
        }
        var place = Path.Combine(Path.GetFullPath(storage.DataDirectory), "casetracker.db");
        try
        {
            using var db = app.Services.GetRequiredService<WriterContexts>().CreateDbContext();
            RefuseNewerDatabase(db, place);
            db.Database.Migrate();
            Cases.CaseSearchKeyBackfill.Run(db, postgres: false);
        }
        catch (Exception error) when (error is not Hosting.StartupRefusal)
        {
            throw Hosting.StartupFailures.Describe(error, place);
        }
    }

    /// <summary>The advisory lock key nodes take while they set up the database ("CTSchema" in ASCII).</summary>
    public const long SchemaLockKey = 0x4354536368656d61;

    private static void MigratePostgres(StorageOptions storage, IEnumerable<IPostgresSchemaInstaller> installers)
    {
        try
        {
            using var connection = new NpgsqlConnection(storage.ResolveConnectionString());
            connection.Open();
            using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({SchemaLockKey})", connection))
            {
                take.CommandTimeout = 0; // another node may take a while to migrate a large record
                take.ExecuteNonQuery();
            }
            try
            {
                using var postgres = new PostgresMigrationContext(storage.Apply(new DbContextOptionsBuilder<PostgresMigrationContext>(), writer: true).Options);
                RefuseNewerDatabase(postgres, "the PostgreSQL database");
                postgres.Database.Migrate();
                Cases.CaseSearchKeyBackfill.Run(postgres, postgres: true);
                foreach (var installer in installers)
                {
                    installer.Install(connection);
                }
            }
            finally
            {
                using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({SchemaLockKey})", connection);
                release.ExecuteNonQuery();
            }
        }
        catch (Exception error) when (error is not Hosting.StartupRefusal)
        {
            throw Hosting.StartupFailures.Describe(error, "the PostgreSQL database");
        }
    }

    /// <summary>A database migrated by a newer server has migrations this code does not know: running on it could lose what they added.</summary>
    private static void RefuseNewerDatabase(CaseTrackerDbContext db, string place)
    {
        var unknown = db.Database.GetAppliedMigrations().Except(db.Database.GetMigrations(), StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new Hosting.StartupRefusal(Hosting.StartupRefusal.DatabaseNewerThanCode,
                $"{place} was migrated by a newer version of the server (migration {unknown[^1]} is unknown to this one); run that version or newer, or restore a backup taken by this version into an empty folder.");
        }
    }
}

/// <summary>A piece of schema outside the record's migrations (Hangfire's), installed on PostgreSQL under the nodes' setup lock.</summary>
public interface IPostgresSchemaInstaller
{
    void Install(NpgsqlConnection connection);
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
    /// if, and when, the transaction commits. Returns PostgreSQL's id of the transaction, by which
    /// <see cref="CommittedAsync"/> learns whether it committed when its COMMIT went unanswered; null in process (SQLite),
    /// where a failed commit is SQLite's own answer.
    /// </summary>
    public async Task<long?> LockForWritingAsync(CaseTrackerDbContext db)
    {
        if (storage.Provider != StorageProvider.Postgres)
        {
            return null;
        }
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = $"SELECT txid_current(), pg_advisory_xact_lock({WriterLockKey}); NOTIFY {CommitChannel}";
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>
    /// Whether the writer's transaction <paramref name="transactionId"/> committed: true or false, or null when PostgreSQL
    /// no longer knows (a transaction older than its commit log keeps). It first waits for the writer's lock, so that a
    /// transaction still running — its COMMIT on the way when the connection dropped — has ended and its answer is final.
    /// </summary>
    public async Task<bool?> CommittedAsync(long transactionId)
    {
        await using var db = await CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        command.CommandText = $"SELECT pg_advisory_xact_lock({WriterLockKey}); SELECT txid_status(@transaction)";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "transaction";
        parameter.Value = transactionId;
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.NextResultAsync();
        await reader.ReadAsync();
        return reader.IsDBNull(0) ? null : reader.GetString(0) switch
        {
            "committed" => true,
            "aborted" => false,
            _ => null,
        };
    }
}
