namespace CaseTracker.Server.Audit;

/// <summary>
/// Tells change-feed watchers that new events were committed, so that they read them at once instead of
/// polling. Take <see cref="NextCommit"/> before reading, then wait on it: a commit in between is never missed.
/// </summary>
public sealed class CaseEventNotifier
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next commit after it was taken.</summary>
    public Task NextCommit => Volatile.Read(ref _next).Task;

    public void Committed() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
