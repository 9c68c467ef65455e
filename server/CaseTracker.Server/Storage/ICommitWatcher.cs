namespace CaseTracker.Server.Storage;

/// <summary>
/// Told by the <see cref="BatchingWriter"/>, after each commit and before any caller of it is answered, which rows
/// the batch tracked — every row it read to change, changed or added — so that what it keeps of them can be dropped.
/// </summary>
public interface ICommitWatcher
{
    void Committed(IReadOnlyCollection<object> tracked);
}
