using System.ComponentModel.DataAnnotations;

namespace CaseTracker.Server.Reconciliation;

/// <summary>Bulk list reconciliation. Bound from the <c>Reconciliation</c> configuration section.</summary>
public sealed class ReconciliationOptions
{
    public const string Section = "Reconciliation";

    /// <summary>
    /// How many returned-home records the server keeps indexed in memory (about 1 KiB each) between imports. Lists
    /// beyond it are read and indexed again when an import needs them, least recently used first.
    /// </summary>
    [Range(0, 100_000_000)]
    public int IndexedRecordsInMemory { get; set; } = 500_000;

    /// <summary>How many new imports (new <c>import_id</c>s) each party may start in any 24 hours; resuming one is not a new import.</summary>
    [Range(1, 1_000_000)]
    public int ImportsPerPartyPerDay { get; set; } = 50;

    /// <summary>
    /// How many records each party may import in any 24 hours: the records of its lists stored or added to in that
    /// time, counting a list being sent as the larger of what it holds and what this call has sent.
    /// </summary>
    [Range(1, 1_000_000_000)]
    public long RecordsPerPartyPerDay { get; set; } = 2_000_000;
}
