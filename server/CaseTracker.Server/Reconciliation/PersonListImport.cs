using System.Threading.Channels;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Operations;
using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CaseTracker.Server.Reconciliation;

/// <summary>A list's header as its import's first message gives it, already checked.</summary>
public sealed record ListHeader(string ImportId, PersonListKind Kind, DateTime AsOfTime, string Title);

/// <summary>Starts the import of one list: one <see cref="PersonListImport"/> for each import call.</summary>
public sealed class PersonListImports(
    BatchingWriter writer, KnownPersonIndexes indexes, ImportQuotas quotas, RegistrySnapshots snapshots, IDbContextFactory<CaseTrackerDbContext> contexts,
    TimeProvider clock)
{
    public PersonListImport Start(Actor caller) => new(writer, indexes, quotas, snapshots, contexts, clock, caller);
}

/// <summary>
/// One list being imported: opened on its header, then given its records message by message, then completed.
/// Each message's records are matched as they arrive while a store loop writes those already matched: whatever
/// has queued up while the writer was busy goes into one transaction (at most <see cref="MaxRecordsPerTransaction"/>
/// records) with the list's counts and the operation's progress, so a long list pays for few commits, a dropped
/// connection loses at most the message in flight, and sending it again stores only what is not stored yet.
/// Disposing the import stores whatever was read, whether or not it completed. A new import, and each message's
/// records, are checked against the party's daily quotas (<see cref="ImportQuotas"/>) first.
/// </summary>
public sealed class PersonListImport : IAsyncDisposable
{
    private const int MaxRecordsPerTransaction = 20_000;
    private const int MaxQueuedMessages = 20;

    private readonly BatchingWriter _writer;
    private readonly KnownPersonIndexes _indexes;
    private readonly ImportQuotas _quotas;
    private readonly RegistrySnapshots _snapshots;
    private readonly IDbContextFactory<CaseTrackerDbContext> _contexts;
    private readonly TimeProvider _clock;
    private readonly Actor _caller;
    private readonly Channel<(List<ReconciledRecord> Records, bool Complete)> _matched =
        Channel.CreateBounded<(List<ReconciledRecord> Records, bool Complete)>(MaxQueuedMessages);

    private string? _name;
    private bool _snapshot;
    private KnownPersons? _known;
    private Task? _storeLoop;

    // What the list held when this call opened it, and how many records the call has sent: what the quota counts.
    private long _heldAtStart;
    private long _sent;

    // A returned-home list's stored records, with the keys they were matched on: its index, once the import is done
    // (null for other lists, and once there are more than the server keeps indexed).
    private List<(KnownPerson Person, PersonKeys Keys)>? _stored;

    internal PersonListImport(
        BatchingWriter writer, KnownPersonIndexes indexes, ImportQuotas quotas, RegistrySnapshots snapshots, IDbContextFactory<CaseTrackerDbContext> contexts,
        TimeProvider clock, Actor caller)
    {
        _writer = writer;
        _indexes = indexes;
        _quotas = quotas;
        _snapshots = snapshots;
        _contexts = contexts;
        _clock = clock;
        _caller = caller;
    }

    /// <summary>Whether the header was received and the list opened.</summary>
    public bool IsOpen => _name is not null;

    /// <summary>Creates the list and its operation, or finds them when the import is resumed, and loads whom it is matched against.</summary>
    public async Task OpenAsync(ListHeader header, CancellationToken cancellationToken)
    {
        var name = $"{_caller.Party}-{header.ImportId}".ToLowerInvariant();
        await _writer.WriteAsync(session => OpenAsync(session, name, header, _caller, _quotas), cancellationToken);
        await using (var db = await _contexts.CreateDbContextAsync(cancellationToken))
        {
            _heldAtStart = await db.PersonLists.AsNoTracking().Where(l => l.Name == name).Select(l => l.Records).SingleAsync(cancellationToken);
            _known = await _indexes.LoadAsync(db, _caller.Party, cancellationToken);
        }
        _name = name;
        _snapshot = header.Kind == PersonListKind.RegistrySnapshot;
        _stored = header.Kind == PersonListKind.ReturnedHomeList ? [] : null;
        _storeLoop = Task.Run(StoreLoopAsync);
    }

    /// <summary>Matches one message's records and queues them to be stored; <paramref name="complete"/> marks the list's last.</summary>
    public async Task AcceptAsync(IReadOnlyCollection<ReceivedRecord> records, bool complete, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var known = _known ?? throw new InvalidOperationException("The import is not open.");
        if (records.Count > 0)
        {
            await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
            await _quotas.DemandRecordsAsync(db, _caller.Party, _name!, _heldAtStart, _sent + records.Count, now, cancellationToken);
            _sent += records.Count;
        }
        var today = StoredTime.LatestDateAnywhere(now);
        // One core matches while the store loop's writes keep another busy; matching a record costs less
        // than storing it, so spreading the matching over more cores would only take them from the writer.
        var reconciled = records.Select(r => PersonListReconciler.Reconcile(r, known, today)).ToList();
        await _matched.Writer.WriteAsync((reconciled, complete), cancellationToken);
    }

    /// <summary>
    /// Stores what is queued, keeps a returned-home list's index, compares a complete registry snapshot with the one
    /// before it, and gives the name of the import's operation.
    /// </summary>
    public async Task<string> CompleteAsync(CancellationToken cancellationToken)
    {
        await StoreQueuedAsync();
        var name = _name ?? throw new InvalidOperationException("The import is not open.");
        if (_snapshot)
        {
            // Not cancelled with the call: the snapshot is whole, and what it changed is applied in one transaction.
            await _writer.WriteAloneAsync(session => _snapshots.CompareAsync(session, name), CancellationToken.None);
        }
        if (_stored is not null)
        {
            await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
            _indexes.Offer(await db.PersonLists.AsNoTracking().SingleAsync(l => l.Name == name, cancellationToken), _stored);
        }
        return PersonList.OperationNameOf(name);
    }

    /// <summary>Stores what was queued, whether or not the import completed.</summary>
    public async ValueTask DisposeAsync() => await StoreQueuedAsync();

    /// <summary>Stops taking records and waits until what was queued is stored; a failure to store is thrown here.</summary>
    private async Task StoreQueuedAsync()
    {
        _matched.Writer.TryComplete();
        if (_storeLoop is not null)
        {
            await _storeLoop;
        }
    }

    private async Task StoreLoopAsync()
    {
        try
        {
            while (await _matched.Reader.WaitToReadAsync())
            {
                var batch = new List<ReconciledRecord>();
                var complete = false;
                while (batch.Count < MaxRecordsPerTransaction && _matched.Reader.TryRead(out var item))
                {
                    batch.AddRange(item.Records);
                    complete |= item.Complete;
                }
                // Not cancelled with the call: what was read before a connection drops is still stored.
                var inserted = await _writer.WriteAloneAsync(session => StoreAsync(session, _name!, _snapshot, batch, complete), CancellationToken.None);
                KeepForIndex(inserted);
            }
        }
        catch (Exception error)
        {
            _matched.Writer.TryComplete(error);
            throw;
        }
    }

    private void KeepForIndex(List<ReconciledRecord> inserted)
    {
        if (_stored is null)
        {
            return;
        }
        _stored.AddRange(inserted.Where(r => r.Keys is not null)
            .Select(r => (KnownPersonIndexes.ReturnedHomePerson(_name!, r.Line, r.Surname, r.GivenName, r.DateOfBirth, r.PassportNumber), r.Keys!)));
        _stored = _indexes.CanKeep(_stored.Count) ? _stored : null;
    }

    private static async Task<bool> OpenAsync(WriteSession session, string name, ListHeader header, Actor caller, ImportQuotas quotas)
    {
        var existing = await session.Db.PersonLists.FindAsync(name);
        if (existing is not null)
        {
            // Compared to the microsecond: a list stored by an earlier version on SQLite kept its as-of time to 100 ns.
            if (existing.Kind != header.Kind || StoredTime.ToMicrosecond(existing.AsOfTime) != header.AsOfTime)
            {
                throw ReconciliationRefusals.ImportIdReused(header.ImportId);
            }
            return false;
        }
        if (header.Kind == PersonListKind.RegistrySnapshot)
        {
            await RegistrySnapshots.DemandInOrderAsync(session.Db, caller.Party, header.AsOfTime);
        }
        await quotas.DemandNewImportAsync(session.Db, caller.Party, session.Now);
        var list = new PersonList(name, header.ImportId, caller.Party, header.Kind, header.AsOfTime, header.Title, PersonList.OperationNameOf(name), session.Now);
        session.Db.PersonLists.Add(list);
        session.Db.Operations.Add(new OperationRecord(
            list.OperationName, OperationKinds.Reconciliation, ReconciliationNames.Format(name), ReconciliationMapper.Progress(list), session.Now));
        return true;
    }

    /// <summary>Stores the records not stored yet, with the list's counts and progress; gives back those it stored.</summary>
    private static async Task<List<ReconciledRecord>> StoreAsync(WriteSession session, string name, bool snapshot, List<ReconciledRecord> records, bool complete)
    {
        var list = await session.Db.PersonLists.FindAsync(name) ?? throw new InvalidOperationException($"The list {name} is not open.");
        var operation = await session.Db.Operations.FindAsync(list.OperationName) ?? throw new InvalidOperationException($"The list {name} has no operation.");
        var connection = session.Db.Database.GetDbConnection();
        var transaction = session.Db.Database.CurrentTransaction!.GetDbTransaction();
        var inserted = new List<ReconciledRecord>(records.Count);
        using (var insert = new PreparedInsert(connection, transaction, "PersonListRows", skipExisting: true, PersonListRow.Columns))
        {
            foreach (var record in records)
            {
                if (insert.Insert(PersonListRow.Values(name, record, snapshot)))
                {
                    list.Counted(record.Outcome);
                    inserted.Add(record);
                }
            }
        }
        // A list is touched only when it changes: sending stored records again does not renew its place in the quota's day.
        if (inserted.Count > 0 || (complete && !list.Complete))
        {
            list.Touched(session.Now);
        }
        if (complete && !list.Complete && list.Ambiguous > 0)
        {
            session.Notify(Notifications.Notices.ReconciliationAmbiguous(list.Name, list.SourceParty, list.Ambiguous));
        }
        if (complete)
        {
            list.Completed();
        }
        if (complete && !operation.Done)
        {
            operation.Succeed(ReconciliationMapper.Progress(list), session.Now);
        }
        else if (!operation.Done)
        {
            operation.Report(ReconciliationMapper.Progress(list), session.Now);
        }
        return inserted;
    }
}
