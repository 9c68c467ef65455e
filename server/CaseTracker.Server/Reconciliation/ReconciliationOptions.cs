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
}
