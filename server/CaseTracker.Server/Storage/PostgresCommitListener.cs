using Microsoft.Extensions.Options;
using Npgsql;

namespace CaseTracker.Server.Storage;

/// <summary>
/// On PostgreSQL, wakes this node's change-feed watchers when any node commits events: it LISTENs on the
/// channel every write transaction NOTIFYs (see <see cref="WriterContexts.LockForWritingAsync"/>). A watcher
/// reads from the database after its last sequence, so a lost notification only delays it until its next
/// heartbeat; after a reconnect the watchers are woken once in case one was missed. Does nothing on SQLite,
/// where the one writer is in this process.
/// </summary>
public sealed class PostgresCommitListener(
    IOptions<StorageOptions> storage, Audit.CaseEventNotifier notifier, ILogger<PostgresCommitListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (storage.Value.Provider != StorageProvider.Postgres)
        {
            return;
        }
        var backoff = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(storage.Value.ResolveConnectionString());
                connection.Notification += (_, _) => notifier.Committed();
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {WriterContexts.CommitChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                notifier.Committed();
                backoff = TimeSpan.FromMilliseconds(200);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is NpgsqlException or System.IO.IOException or TimeoutException)
            {
                logger.LogWarning("Listening for other nodes' commits failed ({ExceptionType}); retrying in {Delay}", error.GetType().Name, backoff);
                await Task.Delay(backoff, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }
}
