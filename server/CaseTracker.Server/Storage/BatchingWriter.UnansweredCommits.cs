using Microsoft.EntityFrameworkCore.Storage;

namespace CaseTracker.Server.Storage;

/// <summary>
/// What the writer does when a COMMIT goes unanswered. On PostgreSQL the connection can drop while the server commits,
/// and the writer then does not know whether the batch is in the record. Saving it again would apply twice every
/// mutation without a request_id (a note, a filed case); failing it would tell callers "not applied" of changes that
/// were. So it asks: every writer transaction takes its id (<c>txid_current()</c>) with the writer's lock, and after a
/// lost answer <c>txid_status</c> says whether it committed, once the writer's lock shows it has ended.
/// </summary>
public sealed partial class BatchingWriter
{
    /// <summary>
    /// Commits; when the COMMIT itself fails on PostgreSQL, whose answer can be lost with the connection, throws
    /// <see cref="CommitUnansweredException"/> so that <see cref="SettledAsync"/> asks whether it took place. A failed
    /// commit in process (SQLite) is SQLite's own answer, and is thrown as it is.
    /// </summary>
    private static async Task CommitOrThrowUnansweredAsync(
        IDbContextTransaction transaction, long? transactionId, List<PendingWrite> ran, IReadOnlyCollection<object> tracked)
    {
        try
        {
            await transaction.CommitAsync();
        }
        catch (Exception error) when (transactionId is { } id)
        {
            throw new CommitUnansweredException(id, ran, tracked, error);
        }
    }

    /// <summary>
    /// A COMMIT went unanswered (on PostgreSQL the connection can drop while the server commits): asks the database
    /// whether it committed. If it did, its mutations' callers get their results, and nothing is saved twice; if nobody
    /// can tell, they are told that their change may have been applied. Returns false when it did not commit, so that
    /// its mutations can be saved again.
    /// </summary>
    private async Task<bool> SettledAsync(CommitUnansweredException unanswered)
    {
        bool? committed;
        try
        {
            committed = await _contexts.CommittedAsync(unanswered.TransactionId);
        }
        catch (Exception error)
        {
            _logger.LogError("Whether a commit went through could not be asked ({ExceptionType})", error.GetType().Name);
            committed = null;
        }
        if (committed == false)
        {
            _logger.LogWarning("The commit of {Count} mutations went unanswered ({ExceptionType}) and did not take place",
                unanswered.Ran.Count, unanswered.InnerException?.GetType().Name);
            return false;
        }
        Watch(unanswered.Tracked);
        _notifier.Committed();
        if (committed == true)
        {
            _logger.LogWarning("The commit of {Count} mutations went unanswered ({ExceptionType}) but took place; their callers are answered",
                unanswered.Ran.Count, unanswered.InnerException?.GetType().Name);
            foreach (var pending in unanswered.Ran)
            {
                pending.Commit();
            }
            return true;
        }
        _logger.LogError("The commit of {Count} mutations went unanswered ({ExceptionType}) and the database cannot say whether it took place",
            unanswered.Ran.Count, unanswered.InnerException?.GetType().Name);
        foreach (var pending in unanswered.Ran)
        {
            pending.Fail(new CommitOutcomeUnknownException(unanswered.InnerException!));
        }
        return true;
    }

    /// <summary>A COMMIT on PostgreSQL failed without the server's answer: the transaction may or may not have committed.</summary>
    private sealed class CommitUnansweredException(long transactionId, List<PendingWrite> ran, IReadOnlyCollection<object> tracked, Exception error)
        : Exception("The database did not answer the commit.", error)
    {
        public long TransactionId { get; } = transactionId;

        /// <summary>The mutations the transaction holds, whose callers wait for its outcome.</summary>
        public List<PendingWrite> Ran { get; } = ran;

        /// <summary>What the transaction wrote, for the <see cref="ICommitWatcher"/>s.</summary>
        public IReadOnlyCollection<object> Tracked { get; } = tracked;
    }
}

/// <summary>
/// The database did not answer the commit of the change and could not be asked afterwards whether it took place: the
/// change may have been applied. A retry with the same request_id gets the first answer if it was.
/// </summary>
public sealed class CommitOutcomeUnknownException(Exception inner) : Exception(
    "The database did not confirm the commit of this change and could not be asked whether it took place, so it may have been applied. "
    + "Retry it with the same request_id: if it was applied, its first answer is returned; without a request_id, read the case back first.", inner);
