using System.Collections.Concurrent;
using CaseTracker.Server.Storage;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Cases;

/// <summary>
/// The cases <c>GetCase</c> read lately, as read, so that reading one again costs no query. A case is dropped from
/// it by the writer's commit that changes it, before the caller of that change is answered: a read that follows an
/// answered change never gets the case as it was before.
/// </summary>
/// <remarks>
/// <para>
/// Only on SQLite, where every change is made by this process's one writer. On PostgreSQL another node's writer
/// changes cases this node cannot hear of in time, so nothing is kept there.
/// </para>
/// <para>
/// A read races a commit: it may read the case just before a commit changes it and offer it after the commit dropped
/// it. So every commit counts up a generation; a reader notes the generation before its query, and what it offers
/// is kept only when no commit came in between (checked after it is stored, so a commit between the check and the
/// store cannot slip through either).
/// </para>
/// <para>
/// At most <see cref="StorageOptions.CaseCacheSize"/> cases (<c>Storage:CaseCacheSize</c>, 0 keeps none); once full
/// it starts again empty. The cases are held in memory only, like every read's answer.
/// </para>
/// </remarks>
public sealed class CaseReadCache(IOptions<StorageOptions> options) : ICommitWatcher
{
    private readonly ConcurrentDictionary<string, Case> _cases = new(StringComparer.Ordinal);
    private readonly int _capacity = options.Value.Provider == StorageProvider.Sqlite ? options.Value.CaseCacheSize : 0;
    private long _generation;

    /// <summary>The commits counted so far: note it before reading a case to offer.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>The case as last read, if kept.</summary>
    public Case? Find(string caseId) => _capacity > 0 && _cases.TryGetValue(caseId, out var found) ? found : null;

    /// <summary>Keeps <paramref name="read"/>, read after the generation was <paramref name="generationBefore"/>, unless a commit came since.</summary>
    public void Offer(Case read, long generationBefore)
    {
        if (_capacity == 0 || Generation != generationBefore)
        {
            return;
        }
        if (_cases.Count >= _capacity)
        {
            _cases.Clear();
        }
        _cases[read.Id] = read;
        if (Generation != generationBefore)
        {
            _cases.TryRemove(KeyValuePair.Create(read.Id, read));
        }
    }

    public void Committed(IReadOnlyCollection<object> tracked)
    {
        Interlocked.Increment(ref _generation);
        foreach (var row in tracked)
        {
            if (row is Case changed)
            {
                _cases.TryRemove(changed.Id, out _);
            }
        }
    }
}
