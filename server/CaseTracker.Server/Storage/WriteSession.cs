using CaseTracker.Server.Audit;
using CaseTracker.Server.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CaseTracker.Server.Storage;

/// <summary>
/// What one mutation sees inside the writer's transaction. Its reads see the changes of the mutations
/// before it in the same batch, even though they are not saved yet.
/// </summary>
public sealed class WriteSession
{
    private readonly WriteBatchState _state;

    internal WriteSession(CaseTrackerDbContext db, WriteBatchState state, TimeProvider clock)
    {
        Db = db;
        _state = state;
        Now = StoredTime.ToMicrosecond(clock.GetUtcNow().UtcDateTime);
    }

    public CaseTrackerDbContext Db { get; }

    /// <summary>Now, to the microsecond: the precision every provider stores and the event hash covers.</summary>
    public DateTime Now { get; }

    /// <summary>The case with this ID, tracked for change, or null.</summary>
    public async Task<Case?> FindCaseAsync(string caseId) => await Db.Cases.FindAsync(caseId);

    /// <summary>The record of an earlier request with this id from this caller, including one made earlier in this batch.</summary>
    public async Task<RequestRecord?> FindRequestAsync(string callerKey, string requestId)
    {
        if (_state.Requests.TryGetValue((callerKey, requestId), out var known))
        {
            return known;
        }
        return _state.RequestsLoaded.Contains((callerKey, requestId)) ? null : await Db.Requests.FindAsync(callerKey, requestId);
    }

    /// <summary>Keeps the answer to a request, in the same transaction as the change (inserted like events).</summary>
    public void RecordRequest(RequestRecord record)
    {
        _state.PendingRequests.Add(record);
        _state.Requests[(record.CallerKey, record.RequestId)] = record;
    }

    /// <summary>Whether the case's open clocks are already loaded (read for the whole batch).</summary>
    public bool ClocksLoaded(string caseId) => _state.ClocksLoaded.Contains(caseId);

    /// <summary>The next reference number of <paramref name="year"/>: references are issued in order, without gaps.</summary>
    public async Task<int> NextReferenceNumberAsync(int year)
    {
        if (!_state.LastReferenceNumbers.TryGetValue(year, out var last))
        {
            last = await Db.Cases.Where(c => c.ReferenceYear == year).MaxAsync(c => (int?)c.ReferenceNumber) ?? 0;
        }
        _state.LastReferenceNumbers[year] = last + 1;
        return last + 1;
    }

    /// <summary>The next note number within a case.</summary>
    public async Task<int> NextNoteNumberAsync(string caseId)
    {
        if (!_state.LastNoteNumbers.TryGetValue(caseId, out var last))
        {
            last = await Db.Notes.Where(n => n.CaseId == caseId).MaxAsync(n => (int?)n.Number) ?? 0;
        }
        _state.LastNoteNumbers[caseId] = last + 1;
        return last + 1;
    }

    /// <summary>
    /// Appends the mutation's one event to the log, in the same transaction as the change. Events are
    /// append-only rows, so the writer inserts them with one prepared statement per batch rather than through
    /// change tracking.
    /// </summary>
    public void RecordEvent(string caseId, CaseEventDraft draft, Actor actor) =>
        _state.PendingEvents.Add(_state.EventLog.Append(caseId, draft, actor, Now));

    /// <summary>
    /// Tells the members <paramref name="notice"/> names, in the same transaction as the change: its notifications are
    /// written with the batch (see <see cref="IWriteFollower"/>), and dropped with the mutation if it is refused. The
    /// notifications of case events are written without this call, from the events themselves.
    /// </summary>
    public void Notify(Notifications.NoticeDraft notice) => _state.PendingNotices.Add(notice);

    /// <summary>Adds the search keys of a case filed by this batch, inserted after the case without change tracking.</summary>
    public void AddFiledSearchKeys(IEnumerable<Cases.CaseSearchKey> keys) => _state.PendingSearchKeys.AddRange(keys);

    /// <summary>Hands the pending keys of a case filed by this batch to change tracking, so that a later change of the case finds them.</summary>
    public void TrackFiledSearchKeys(string caseId)
    {
        var filed = _state.PendingSearchKeys.Where(k => k.CaseId == caseId).ToList();
        if (filed.Count > 0)
        {
            _state.PendingSearchKeys.RemoveAll(k => k.CaseId == caseId);
            Db.CaseSearchKeys.AddRange(filed);
        }
    }
}

/// <summary>
/// What a batch keeps in memory between its mutations: the chain head and the counters. Each mutation
/// marks it first and restores the mark when refused, so a refusal leaves no gap.
/// </summary>
internal sealed class WriteBatchState
{
    private WriteBatchState(CaseEventLog eventLog) => EventLog = eventLog;

    public CaseEventLog EventLog { get; }

    public Dictionary<int, int> LastReferenceNumbers { get; private set; } = [];

    /// <summary>Request records read for the batch or added by it, by caller and request id.</summary>
    public Dictionary<(string CallerKey, string RequestId), RequestRecord> Requests { get; } = [];

    /// <summary>The caller keys and request ids the batch read up front: one missing from <see cref="Requests"/> was never used.</summary>
    public HashSet<(string CallerKey, string RequestId)> RequestsLoaded { get; } = [];

    /// <summary>Events appended by the batch's mutations, inserted by <see cref="FlushAppendOnlyRows"/>.</summary>
    public List<CaseEventRecord> PendingEvents { get; } = [];

    /// <summary>Request records kept by the batch's mutations, inserted by <see cref="FlushAppendOnlyRows"/>.</summary>
    public List<RequestRecord> PendingRequests { get; } = [];

    /// <summary>
    /// Search keys of the cases the batch filed, inserted by <see cref="FlushAppendOnlyRows"/> after their cases: a case
    /// just filed has no stored keys to compare with, so its keys need no change tracking.
    /// </summary>
    public List<Cases.CaseSearchKey> PendingSearchKeys { get; } = [];

    /// <summary>Notices handed to <see cref="WriteSession.Notify"/> by the batch's mutations, for the <see cref="IWriteFollower"/>s.</summary>
    public List<Notifications.NoticeDraft> PendingNotices { get; } = [];

    /// <summary>Lets the followers add their rows for the pending events and notices, in the current transaction, before they are flushed.</summary>
    public async Task FollowAsync(CaseTrackerDbContext db, IEnumerable<IWriteFollower> followers, DateTime now)
    {
        if (PendingEvents.Count + PendingNotices.Count > 0)
        {
            foreach (var follower in followers)
            {
                await follower.FollowAsync(db, PendingEvents, PendingNotices, now);
            }
        }
        PendingNotices.Clear();
    }

    /// <summary>Inserts the pending events, request records and search keys in the current transaction: prepared statements on SQLite, one round trip on PostgreSQL.</summary>
    public void FlushAppendOnlyRows(CaseTrackerDbContext db)
    {
        if (PendingEvents.Count + PendingRequests.Count + PendingSearchKeys.Count == 0)
        {
            return;
        }
        // Principals first: events and keys refer to cases, which the save has written.
        using var inserts = new AppendOnlyInserts(db.Database.GetDbConnection(), db.Database.CurrentTransaction!.GetDbTransaction());
        inserts.Add("CaseEvents", ["Sequence", "CaseId", "Type", "Actor", "ActorParty", "ActorRole", "EventTime", "Payload", "PreviousHash", "Hash"],
            PendingEvents.Select(e => new object?[] { e.Sequence, e.CaseId, e.Type, e.Actor, e.ActorParty, e.ActorRole, e.EventTime, e.Payload, e.PreviousHash, e.Hash }));
        inserts.Add("Requests", ["CallerKey", "RequestId", "Method", "RequestHash", "Response", "CreateTime"],
            PendingRequests.Select(r => new object?[] { r.CallerKey, r.RequestId, r.Method, r.RequestHash, r.Response, r.CreateTime }));
        inserts.Add("CaseSearchKeys", ["CaseId", "Kind", "Key"], PendingSearchKeys.Select(k => new object?[] { k.CaseId, (int)k.Kind, k.Key }));
        inserts.Execute();
        PendingEvents.Clear();
        PendingRequests.Clear();
        PendingSearchKeys.Clear();
    }

    /// <summary>The cases whose open clocks the batch read up front.</summary>
    public HashSet<string> ClocksLoaded { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> LastNoteNumbers { get; private set; } = new(StringComparer.Ordinal);

    public static async Task<WriteBatchState> OpenAsync(CaseTrackerDbContext db) =>
        new(await CaseEventLog.OpenAtHeadAsync(db.CaseEvents, CancellationToken.None));

    public Mark Mark() => new(EventLog.HeadSequence, EventLog.HeadHash, new(LastReferenceNumbers),
        new(LastNoteNumbers, StringComparer.Ordinal), PendingEvents.Count, PendingRequests.Count, PendingNotices.Count, PendingSearchKeys.Count);

    public void Restore(Mark mark)
    {
        EventLog.ResetTo(mark.HeadSequence, mark.HeadHash);
        LastReferenceNumbers = mark.ReferenceNumbers;
        LastNoteNumbers = mark.NoteNumbers;
        foreach (var dropped in PendingRequests.Skip(mark.PendingRequests))
        {
            Requests.Remove((dropped.CallerKey, dropped.RequestId));
        }
        PendingEvents.RemoveRange(mark.PendingEvents, PendingEvents.Count - mark.PendingEvents);
        PendingRequests.RemoveRange(mark.PendingRequests, PendingRequests.Count - mark.PendingRequests);
        PendingNotices.RemoveRange(mark.PendingNotices, PendingNotices.Count - mark.PendingNotices);
        if (PendingSearchKeys.Count > mark.PendingSearchKeys)
        {
            // Fewer when the refused mutation handed a case's keys to change tracking (CaseSearchKeys.SyncAsync): those stay.
            PendingSearchKeys.RemoveRange(mark.PendingSearchKeys, PendingSearchKeys.Count - mark.PendingSearchKeys);
        }
    }
}

internal sealed record Mark(
    long HeadSequence, string HeadHash, Dictionary<int, int> ReferenceNumbers, Dictionary<string, int> NoteNumbers,
    int PendingEvents, int PendingRequests, int PendingNotices, int PendingSearchKeys);
