using System.Globalization;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Reconciliation;

/// <summary>
/// How much each party may import in any 24 hours: so many new imports, so many records. Counted from the lists
/// in the database, so every node and every restart sees the same count. A refusal says when the party may import
/// again: when enough of what it imported is a day old.
/// </summary>
public sealed class ImportQuotas(IOptions<ReconciliationOptions> options)
{
    /// <summary>The window the quotas count over.</summary>
    public static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>Refuses a new import once the party has started <see cref="ReconciliationOptions.ImportsPerPartyPerDay"/> in the last 24 hours.</summary>
    public async Task DemandNewImportAsync(CaseTrackerDbContext db, Party party, DateTime now)
    {
        var limit = options.Value.ImportsPerPartyPerDay;
        var since = now - Day;
        var started = await db.PersonLists.AsNoTracking()
            .Where(l => l.SourceParty == party && l.CreateTime > since)
            .OrderBy(l => l.CreateTime).Select(l => l.CreateTime).ToListAsync();
        if (started.Count < limit)
        {
            return;
        }
        var again = started[started.Count - limit] + Day;
        throw Exhausted(again,
            $"{party} has started {started.Count.ToString("N0", CultureInfo.InvariantCulture)} imports in the last 24 hours, the most a party may "
            + $"start in a day (Reconciliation:ImportsPerPartyPerDay); it may start another at {Format(again)}. Resuming an import with its "
            + "import_id is not a new import.");
    }

    /// <summary>
    /// Refuses the next records of an import when they would take the party past
    /// <see cref="ReconciliationOptions.RecordsPerPartyPerDay"/>: the records of its other lists stored or added to
    /// in the last 24 hours, and this list as the larger of what it held when the call began and what the call has sent.
    /// </summary>
    public async Task DemandRecordsAsync(
        CaseTrackerDbContext db, Party party, string list, long heldAtStart, long sentWithThese, DateTime now, CancellationToken cancellationToken)
    {
        var limit = options.Value.RecordsPerPartyPerDay;
        var since = now - Day;
        var others = await db.PersonLists.AsNoTracking()
            .Where(l => l.SourceParty == party && l.Name != list && l.UpdateTime > since && l.Records > 0)
            .OrderBy(l => l.UpdateTime).Select(l => new { l.UpdateTime, l.Records })
            .ToListAsync(cancellationToken);
        var thisList = Math.Max(heldAtStart, sentWithThese);
        var total = others.Sum(o => o.Records) + thisList;
        if (total <= limit)
        {
            return;
        }
        var amounts = $"{party} has imported {(total - thisList + heldAtStart).ToString("N0", CultureInfo.InvariantCulture)} records in the last 24 hours and "
            + $"this import would bring it to {total.ToString("N0", CultureInfo.InvariantCulture)}; a party may import "
            + $"{limit.ToString("N0", CultureInfo.InvariantCulture)} records in a day (Reconciliation:RecordsPerPartyPerDay).";
        if (thisList > limit)
        {
            throw Exhausted(null, $"{amounts} This list alone is larger than that: split it into several imports.");
        }
        var freed = 0L;
        var again = now;
        foreach (var other in others)
        {
            freed += other.Records;
            again = other.UpdateTime + Day;
            if (total - freed <= limit)
            {
                break;
            }
        }
        throw Exhausted(again,
            $"{amounts} The records sent before this message are kept: resume this import with the same import_id at {Format(again)} or later.");
    }

    private static ReconciliationRuleException Exhausted(DateTime? again, string message) =>
        new(Grpc.ErrorReasons.ImportQuotaExhausted, message, RefusalKind.Exhausted,
            metadata: again is { } at ? new Dictionary<string, string> { ["retry_time"] = Format(at) } : null);

    /// <summary>An RFC 3339 UTC time, rounded up to the second so that it is never too early.</summary>
    private static string Format(DateTime utc)
    {
        var seconds = new DateTime(utc.Ticks + TimeSpan.TicksPerSecond - 1 - ((utc.Ticks + TimeSpan.TicksPerSecond - 1) % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        return seconds.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }
}
