using System.ComponentModel.DataAnnotations;

namespace CaseTracker.Server.Records;

/// <summary>How long a closed case's subject data, and a list's records, are kept. Bound from the <c>Retention</c> section.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Years after its close time at which a case's personal data is erased (unless a legal hold stands).</summary>
    [Range(1, 100)]
    public int ClosedCaseYears { get; set; } = 5;

    /// <summary>
    /// Years after its import at which the personal data of a list's records is erased; the newest complete registry
    /// snapshot of each party is kept until a newer one arrives, as the next one is compared with it.
    /// </summary>
    [Range(1, 100)]
    public int ListYears { get; set; } = 5;

    /// <summary>When the erasure jobs look for cases and lists past their retention (cron, UTC).</summary>
    [Required]
    public string Cron { get; set; } = "30 3 * * *";
}
