using CaseTracker.Server.Audit;

namespace CaseTracker.Server.Storage;

/// <summary>
/// Writes rows of its own for what a batch of mutations recorded — its events and its notices — in the batch's
/// transaction, after the mutations ran and before the commit, so that they commit or roll back together (the
/// notifications' outbox). It must not save changes through the context's change tracker.
/// </summary>
public interface IWriteFollower
{
    Task FollowAsync(CaseTrackerDbContext db, IReadOnlyList<CaseEventRecord> events, IReadOnlyList<Notifications.NoticeDraft> notices, DateTime now);
}
