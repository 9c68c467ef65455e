using CaseTracker.Server.Cases;
using CaseTracker.Server.Grpc;
using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Reconciliation;

/// <summary>
/// Registry snapshots as a series, one per importing party (the source): each snapshot is compared with the one
/// before it when its import completes (<see cref="SnapshotComparison"/>), and what changed is applied to the cases
/// whose subjects it matched (<see cref="RegistryEffects"/>), all in one transaction. Snapshots are taken in the
/// order of their as-of times: one no later than the party's latest is refused (SNAPSHOT_OUT_OF_ORDER), and so is a
/// new one while the latest is still being imported (PREVIOUS_SNAPSHOT_INCOMPLETE), so every snapshot has exactly
/// one predecessor and is compared once. Resending a snapshot under its own import ID resumes it and changes nothing.
/// </summary>
public sealed class RegistrySnapshots(RegistryEffects effects)
{
    /// <summary>Refuses a new snapshot of <paramref name="party"/> that would not be the latest, or whose predecessor is unfinished.</summary>
    public static async Task DemandInOrderAsync(CaseTrackerDbContext db, Party party, DateTime asOf)
    {
        var latest = await db.PersonLists.AsNoTracking()
            .Where(l => l.Kind == PersonListKind.RegistrySnapshot && l.SourceParty == party)
            .OrderByDescending(l => l.AsOfTime)
            .Select(l => new { l.Name, l.AsOfTime, l.Complete })
            .FirstOrDefaultAsync();
        if (latest is null)
        {
            return;
        }
        if (latest.AsOfTime >= asOf)
        {
            throw RegistryRefusals.SnapshotOutOfOrder(ReconciliationNames.Format(latest.Name), latest.AsOfTime, asOf);
        }
        if (!latest.Complete)
        {
            throw RegistryRefusals.PreviousSnapshotIncomplete(ReconciliationNames.Format(latest.Name));
        }
    }

    /// <summary>
    /// Compares a complete snapshot with its predecessor and applies the changes to cases, once: a snapshot not
    /// complete yet, or compared already, is left as it is.
    /// </summary>
    public async Task<bool> CompareAsync(WriteSession session, string name)
    {
        var snapshot = await session.Db.PersonLists.FindAsync(name);
        if (snapshot is not { Complete: true, Compared: false, Kind: PersonListKind.RegistrySnapshot })
        {
            return false;
        }
        var previous = await session.Db.PersonLists.AsNoTracking()
            .Where(l => l.Kind == PersonListKind.RegistrySnapshot && l.SourceParty == snapshot.SourceParty && l.AsOfTime < snapshot.AsOfTime && l.Complete)
            .OrderByDescending(l => l.AsOfTime)
            .Select(l => l.Name)
            .FirstOrDefaultAsync() ?? string.Empty;
        if (previous.Length > 0)
        {
            await SnapshotComparison.WriteAsync(session.Db, name, previous, CancellationToken.None);
        }
        await effects.ApplyAsync(session, snapshot);
        snapshot.ComparedWith(previous);
        return true;
    }
}

/// <summary>What the registry series refuses.</summary>
public static class RegistryRefusals
{
    public static ReconciliationRuleException SnapshotOutOfOrder(string latest, DateTime latestAsOf, DateTime asOf) =>
        new(ErrorReasons.SnapshotOutOfOrder,
            $"This snapshot is as of {Time(asOf)}, but {latest} is as of {Time(latestAsOf)}: snapshots are compared in order, so a snapshot " +
            "must be later than the latest; resend an earlier snapshot only under its own import_id.",
            RefusalKind.NotNow, [new FieldViolation("header.as_of_time", $"must be after {Time(latestAsOf)}")],
            new Dictionary<string, string> { ["latest_snapshot"] = latest, ["latest_as_of_time"] = Time(latestAsOf) });

    public static ReconciliationRuleException PreviousSnapshotIncomplete(string latest) =>
        new(ErrorReasons.PreviousSnapshotIncomplete,
            $"{latest} is still being imported: complete it (send it again, with `complete` in its last message) before the next snapshot.",
            RefusalKind.NotNow, metadata: new Dictionary<string, string> { ["latest_snapshot"] = latest });

    private static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
