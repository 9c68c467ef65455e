using System.Threading.Channels;
using CaseTracker.Server.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Storage;

/// <summary>
/// The one writer of the record. Mutations are queued and committed together in one transaction — one
/// fsync for many changes — but each runs inside its own savepoint, so one that fails is rolled back alone
/// and the others still commit. A caller's task completes only after the commit that holds its change:
/// nothing is acknowledged that is not durable.
/// </summary>
/// <remarks>
/// SQLite has one writer at a time anyway; concurrent writers otherwise wait on each other in ~150 ms
/// busy-retry steps. Funnelling them through one queue turns that contention into batching.
/// </remarks>
public sealed class BatchingWriter : BackgroundService
{
    private readonly Channel<PendingWrite> _queue;
    private readonly IDbContextFactory<CaseTrackerDbContext> _contexts;
    private readonly TimeProvider _clock;
    private readonly ILogger<BatchingWriter> _logger;
    private readonly int _maxBatch;

    public BatchingWriter(
        IDbContextFactory<CaseTrackerDbContext> contexts, TimeProvider clock, IOptions<StorageOptions> options, ILogger<BatchingWriter> logger)
    {
        _contexts = contexts;
        _clock = clock;
        _logger = logger;
        _maxBatch = options.Value.MaxWriteBatch;
        _queue = Channel.CreateBounded<PendingWrite>(new BoundedChannelOptions(options.Value.WriteQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>
    /// Runs <paramref name="work"/> in the writer's transaction and returns its result once committed.
    /// The work must not save changes itself; the writer saves and commits.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<WriteSession, Task<T>> work, CancellationToken cancellationToken)
    {
        var pending = new PendingWrite<T>(work, cancellationToken);
        await _queue.Writer.WriteAsync(pending, cancellationToken);
        return await pending.Result.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingWrite>(_maxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }
                await CommitBatchAsync(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: writes still queued were never acknowledged, so their callers see cancellation.
        }
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var left))
        {
            left.Fail(new OperationCanceledException("The server is shutting down."));
        }
    }

    private async Task CommitBatchAsync(List<PendingWrite> batch)
    {
        var succeeded = new List<PendingWrite>(batch.Count);
        try
        {
            // Not bound to any one caller's cancellation: a batch commits or fails as a whole for all of them.
            await using var db = await _contexts.CreateDbContextAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var log = await CaseEventLog.OpenAtHeadAsync(db.CaseEvents, CancellationToken.None);
            foreach (var pending in batch)
            {
                if (pending.CancellationToken.IsCancellationRequested)
                {
                    pending.Fail(new OperationCanceledException(pending.CancellationToken));
                    continue;
                }
                var (headSequence, headHash) = (log.HeadSequence, log.HeadHash);
                await transaction.CreateSavepointAsync("mutation");
                try
                {
                    await pending.RunAsync(new WriteSession(db, log, _clock));
                    await db.SaveChangesAsync();
                    await transaction.ReleaseSavepointAsync("mutation");
                    succeeded.Add(pending);
                }
                catch (Exception error)
                {
                    await transaction.RollbackToSavepointAsync("mutation");
                    log.ResetTo(headSequence, headHash);
                    pending.Fail(error);
                }
                finally
                {
                    db.ChangeTracker.Clear();
                }
            }
            await transaction.CommitAsync();
        }
        catch (Exception error)
        {
            _logger.LogError(error, "A write batch of {Count} mutations failed to commit", batch.Count);
            foreach (var pending in succeeded)
            {
                pending.Fail(new StorageUnavailableException("The change could not be committed; it was not applied.", error));
            }
            foreach (var pending in batch.Where(p => !p.IsDone))
            {
                pending.Fail(new StorageUnavailableException("The change could not be committed; it was not applied.", error));
            }
            return;
        }
        foreach (var pending in succeeded)
        {
            pending.Commit();
        }
    }

    private abstract class PendingWrite(CancellationToken cancellationToken)
    {
        public CancellationToken CancellationToken { get; } = cancellationToken;

        public abstract bool IsDone { get; }

        public abstract Task RunAsync(WriteSession session);

        public abstract void Commit();

        public abstract void Fail(Exception error);
    }

    private sealed class PendingWrite<T>(Func<WriteSession, Task<T>> work, CancellationToken cancellationToken)
        : PendingWrite(cancellationToken)
    {
        private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _value;

        public Task<T> Result => _result.Task;

        public override bool IsDone => _result.Task.IsCompleted;

        public override async Task RunAsync(WriteSession session) => _value = await work(session);

        public override void Commit() => _result.TrySetResult(_value!);

        public override void Fail(Exception error) => _result.TrySetException(error);
    }
}

/// <summary>What one mutation sees inside the writer's transaction.</summary>
public sealed class WriteSession(CaseTrackerDbContext db, CaseEventLog log, TimeProvider clock)
{
    public CaseTrackerDbContext Db { get; } = db;

    public CaseEventLog EventLog { get; } = log;

    /// <summary>Now, to the microsecond: the precision every provider stores and the event hash covers.</summary>
    public DateTime Now { get; } = TruncateToMicroseconds(clock.GetUtcNow().UtcDateTime);

    private static DateTime TruncateToMicroseconds(DateTime utc) =>
        new(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMicrosecond), DateTimeKind.Utc);
}

/// <summary>The database could not take the change; nothing was applied and the caller may retry.</summary>
public sealed class StorageUnavailableException(string message, Exception inner) : Exception(message, inner);
