using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Storage;

/// <summary>
/// The one writer of the record. Mutations wait in a queue and are committed together: one transaction,
/// one <c>SaveChanges</c> and one fsync for many changes. A caller's task completes only after the commit
/// that holds its change, so nothing is acknowledged that is not durable.
/// </summary>
/// <remarks>
/// <para>
/// SQLite has one writer at a time anyway; concurrent writers otherwise wait on each other in ~150 ms
/// busy-retry steps. Funnelling them through one queue turns that contention into batching.
/// </para>
/// <para>
/// Isolation: a mutation that is refused (a rule, an etag, a validation) throws before it changes anything
/// — the domain checks, then acts — so it is failed on its own and the others carry on. If the batch as a
/// whole cannot be saved (a constraint, an I/O error), it is rolled back and its mutations are replayed one
/// by one, each in its own savepoint, so one bad mutation cannot sink the others.
/// </para>
/// </remarks>
public sealed partial class BatchingWriter : BackgroundService
{
    private readonly Channel<PendingWrite> _queue;
    private readonly WriterContexts _contexts;
    private readonly Audit.CaseEventNotifier _notifier;
    private readonly TimeProvider _clock;
    private readonly ILogger<BatchingWriter> _logger;
    private readonly int _maxBatch;
    private readonly IWriteFollower[] _followers;
    private readonly ICommitWatcher[] _watchers;

    public BatchingWriter(
        WriterContexts contexts, Audit.CaseEventNotifier notifier, TimeProvider clock, IOptions<StorageOptions> options, ILogger<BatchingWriter> logger,
        IEnumerable<IWriteFollower> followers, IEnumerable<ICommitWatcher> watchers)
    {
        _followers = [.. followers];
        _watchers = [.. watchers];
        _contexts = contexts;
        _notifier = notifier;
        _clock = clock;
        _logger = logger;
        _maxBatch = options.Value.MaxWriteBatch;
        _queue = Channel.CreateBounded<PendingWrite>(new BoundedChannelOptions(options.Value.WriteQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        WriterTelemetry.ObserveQueue(this, () => _queue.Reader.Count);
    }

    /// <summary>How many mutations wait for the next batch.</summary>
    internal int Waiting => _queue.Reader.Count;

    /// <summary>
    /// Runs <paramref name="work"/> in the writer's transaction and returns its result once committed.
    /// The work reads and adds through the <see cref="WriteSession"/>; it must not save changes itself, and it
    /// must throw before it changes anything when it refuses.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<WriteSession, Task<T>> work, CancellationToken cancellationToken, WriteHints? hints = null)
    {
        var pending = new PendingWrite<T>(work, cancellationToken) { Hints = hints };
        await _queue.Writer.WriteAsync(pending, cancellationToken);
        return await pending.Result.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Like <see cref="WriteAsync{T}"/>, but committed in a transaction of its own: for bulk work (the deadline
    /// scan) that must not share a unit of work with ordinary mutations.
    /// </summary>
    public async Task<T> WriteAloneAsync<T>(Func<WriteSession, Task<T>> work, CancellationToken cancellationToken)
    {
        var pending = new PendingWrite<T>(work, cancellationToken) { Alone = true };
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
                    if (next.CancellationToken.IsCancellationRequested)
                    {
                        next.Fail(new OperationCanceledException(next.CancellationToken));
                        continue;
                    }
                    if (next.Alone)
                    {
                        await CommitAsync(batch);
                        batch.Clear();
                        await CommitAsync([next]);
                        continue;
                    }
                    batch.Add(next);
                }
                await CommitAsync(batch);
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

    private async Task CommitAsync(List<PendingWrite> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }
        using var activity = WriterTelemetry.StartCommit(batch.Select(p => p.Caller).ToList());
        var started = Stopwatch.GetTimestamp();
        try
        {
            await CommitWithFallbackAsync(batch);
        }
        finally
        {
            WriterTelemetry.Committed(batch.Count, Stopwatch.GetElapsedTime(started));
        }
    }

    private async Task CommitWithFallbackAsync(List<PendingWrite> batch)
    {
        try
        {
            await CommitTogetherAsync(batch);
            return;
        }
        catch (Exception error)
        {
            if (error is CommitUnansweredException unanswered && await SettledAsync(unanswered))
            {
                return;
            }
            _logger.LogWarning("A batch of {Count} mutations could not be saved together ({ExceptionType}); saving them one by one",
                batch.Count, error.GetType().Name);
        }
        try
        {
            await CommitOneByOneAsync(batch.Where(p => !p.IsDone).ToList());
        }
        catch (Exception error)
        {
            if (error is CommitUnansweredException unanswered && await SettledAsync(unanswered))
            {
                return;
            }
            _logger.LogError("A batch of {Count} mutations failed to commit ({ExceptionType}); none was applied", batch.Count, error.GetType().Name);
            foreach (var pending in batch.Where(p => !p.IsDone))
            {
                pending.Fail(new StorageUnavailableException("The change could not be committed; it was not applied.", error));
            }
        }
    }

    /// <summary>The fast path: every mutation of the batch in one SaveChanges and one commit.</summary>
    private async Task CommitTogetherAsync(List<PendingWrite> batch)
    {
        // Not bound to any one caller's cancellation: a batch commits or fails for all of them.
        var phase = Stopwatch.GetTimestamp();
        await using var db = await _contexts.CreateDbContextAsync();
        // One batch tracks hundreds of entities: detect their changes once, at the save, not at every
        // query or Local lookup of every mutation.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync();
        var transactionId = await _contexts.LockForWritingAsync(db);
        var state = await WriteBatchState.OpenAsync(db);
        phase = WriterTelemetry.Phase(WriterPhase.Open, phase);
        await PrefetchAsync(db, state, batch);
        phase = WriterTelemetry.Phase(WriterPhase.Prefetch, phase);
        var ran = new List<PendingWrite>(batch.Count);
        foreach (var pending in batch)
        {
            var mark = state.Mark();
            try
            {
                await pending.RunAsync(new WriteSession(db, state, _clock));
                ran.Add(pending);
            }
            catch (Exception refusal)
            {
                state.Restore(mark);
                pending.Fail(refusal);
            }
        }
        phase = WriterTelemetry.Phase(WriterPhase.Mutations, phase);
        db.ChangeTracker.DetectChanges();
        if (!TrackedRowWriter.TryWrite(db))
        {
            await db.SaveChangesAsync();
        }
        phase = WriterTelemetry.Phase(WriterPhase.Save, phase);
        await state.FollowAsync(db, _followers, _clock.GetUtcNow().UtcDateTime);
        state.FlushAppendOnlyRows(db);
        phase = WriterTelemetry.Phase(WriterPhase.Append, phase);
        IReadOnlyCollection<object> written = [.. db.ChangeTracker.Entries().Select(e => e.Entity)];
        await CommitOrThrowUnansweredAsync(transaction, transactionId, ran, written);
        WriterTelemetry.Phase(WriterPhase.Commit, phase);
        Watch(written);
        _notifier.Committed();
        foreach (var pending in ran)
        {
            pending.Commit();
        }
    }

    /// <summary>
    /// Reads, in a few queries for the whole batch, what its mutations said they will need — their cases with
    /// their open clocks, and their earlier request records — instead of a few queries for each mutation.
    /// </summary>
    private static async Task PrefetchAsync(CaseTrackerDbContext db, WriteBatchState state, List<PendingWrite> batch)
    {
        var caseIds = batch.Select(p => p.Hints?.CaseId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (caseIds.Count > 0)
        {
            await db.Cases.Where(c => caseIds.Contains(c.Id)).LoadAsync();
            await Deadlines.CaseClocks.OpenOf(db.Deadlines, caseIds).LoadAsync();
            state.ClocksLoaded.UnionWith(caseIds);
        }
        // By the whole key (caller, request id), so that the lookup runs on the primary key's index.
        var requests = batch.Select(p => p.Hints)
            .Where(h => h is { RequestId.Length: > 0, CallerKeys.Count: > 0 })
            .SelectMany(h => h!.CallerKeys!.Select(key => (CallerKey: key, RequestId: h.RequestId!)))
            .Distinct().ToList();
        if (requests.Count > 0)
        {
            var keys = requests.Select(r => r.CallerKey).Distinct(StringComparer.Ordinal).ToList();
            var ids = requests.Select(r => r.RequestId).Distinct(StringComparer.Ordinal).ToList();
            foreach (var record in await db.Requests.AsNoTracking().Where(r => keys.Contains(r.CallerKey) && ids.Contains(r.RequestId)).ToListAsync())
            {
                state.Requests[(record.CallerKey, record.RequestId)] = record;
            }
            state.RequestsLoaded.UnionWith(requests);
        }
    }

    /// <summary>The slow path after a failed batch: each mutation saved in a savepoint of its own.</summary>
    private async Task CommitOneByOneAsync(List<PendingWrite> batch)
    {
        await using var db = await _contexts.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var transactionId = await _contexts.LockForWritingAsync(db);
        var state = await WriteBatchState.OpenAsync(db);
        var saved = new List<PendingWrite>(batch.Count);
        var tracked = new List<object>();
        foreach (var pending in batch)
        {
            var mark = state.Mark();
            await transaction.CreateSavepointAsync("mutation");
            try
            {
                await pending.RunAsync(new WriteSession(db, state, _clock));
                await db.SaveChangesAsync();
                await state.FollowAsync(db, _followers, _clock.GetUtcNow().UtcDateTime);
                state.FlushAppendOnlyRows(db);
                await transaction.ReleaseSavepointAsync("mutation");
                saved.Add(pending);
            }
            catch (Exception error)
            {
                await transaction.RollbackToSavepointAsync("mutation");
                state.Restore(mark);
                pending.Fail(error);
            }
            finally
            {
                tracked.AddRange(db.ChangeTracker.Entries().Select(e => e.Entity));
                db.ChangeTracker.Clear();
            }
        }
        await CommitOrThrowUnansweredAsync(transaction, transactionId, saved, tracked);
        Watch(tracked);
        _notifier.Committed();
        foreach (var pending in saved)
        {
            pending.Commit();
        }
    }

    /// <summary>Tells the <see cref="ICommitWatcher"/>s what the committed batch tracked, before its callers hear of it.</summary>
    private void Watch(IReadOnlyCollection<object> tracked)
    {
        foreach (var watcher in _watchers)
        {
            watcher.Committed(tracked);
        }
    }

    private abstract class PendingWrite(CancellationToken cancellationToken)
    {
        public CancellationToken CancellationToken { get; } = cancellationToken;

        /// <summary>The span of the call that queued it, so that its commit is traced under that call.</summary>
        public ActivityContext Caller { get; } = Activity.Current?.Context ?? default;

        public bool Alone { get; init; }

        public WriteHints? Hints { get; init; }

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

/// <summary>The database could not take the change; nothing was applied and the caller may retry.</summary>
public sealed class StorageUnavailableException(string message, Exception inner) : Exception(message, inner);

/// <summary>What a mutation will read, so that the writer can read it for the whole batch at once.</summary>
/// <param name="CaseId">The case it changes, if any.</param>
/// <param name="RequestId">Its request_id, if any.</param>
/// <param name="CallerKeys">The keys its request record may be kept under (see <see cref="IdempotentWriter.CallerKey"/>).</param>
public sealed record WriteHints(string? CaseId, string? RequestId, IReadOnlyList<string>? CallerKeys = null);
