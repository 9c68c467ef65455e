using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Storage;

/// <summary>
/// On SQLite, copies committed pages from the write-ahead log into the database file on a connection of its own,
/// so that the writer's commits no longer do it. SQLite's automatic checkpoint runs inside the COMMIT that takes the
/// log past 1,000 pages: that commit writes the pages back, fsyncs the database file, and every caller of its batch
/// waits for it. Here a PASSIVE checkpoint runs after commits, at most every <see cref="Interval"/>; it never blocks
/// the writer or a reader, and it keeps <c>synchronous=FULL</c>'s guarantees (the log is synced before any page is
/// copied, the database file after). The writer's own automatic checkpoint stays as a backstop at
/// <see cref="SqliteDurabilityInterceptor.WriterAutoCheckpointPages"/> pages, should this one fall behind.
/// Does nothing on PostgreSQL.
/// </summary>
public sealed class WalCheckpointer(
    IOptions<StorageOptions> storage, Audit.CaseEventNotifier notifier, ILogger<WalCheckpointer> logger) : BackgroundService
{
    /// <summary>The least time between two checkpoints: under load, about as many pages as SQLite's default of 1,000.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (storage.Value.Provider != StorageProvider.Sqlite)
        {
            return;
        }
        try
        {
            // Never creates the file: it is the migrations' to create.
            var file = new SqliteConnectionStringBuilder(storage.Value.ResolveConnectionString()) { Mode = SqliteOpenMode.ReadWrite };
            await using var connection = new SqliteConnection(file.ConnectionString);
            while (!stoppingToken.IsCancellationRequested)
            {
                // Taken before the checkpoint: a commit during it or the pause after it is never missed.
                var next = notifier.NextCommit;
                await CheckpointAsync(connection, stoppingToken);
                await Task.Delay(Interval, stoppingToken);
                await next.WaitAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the last connection to close checkpoints the rest.
        }
    }

    private async Task CheckpointAsync(SqliteConnection connection, CancellationToken stoppingToken)
    {
        try
        {
            if (connection.State != System.Data.ConnectionState.Open)
            {
                await connection.OpenAsync(stoppingToken);
                await using var settings = connection.CreateCommand();
                settings.CommandText = "PRAGMA synchronous=FULL;";
                await settings.ExecuteNonQueryAsync(stoppingToken);
            }
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            await checkpoint.ExecuteNonQueryAsync(stoppingToken);
        }
        catch (SqliteException error)
        {
            // The pages stay in the log, which is as durable as the file: the next checkpoint (or the writer's backstop) copies them.
            logger.LogWarning("A checkpoint of the SQLite log failed (SQLite error {ErrorCode}); retrying after the next commit", error.SqliteErrorCode);
            await connection.CloseAsync();
        }
    }
}
