using System.ComponentModel.DataAnnotations;

namespace CaseTracker.Server.Records;

/// <summary>How long a closed case's subject data is kept. Bound from the <c>Retention</c> section.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Years after its close time at which a case's personal data is erased (unless a legal hold stands).</summary>
    [Range(1, 100)]
    public int ClosedCaseYears { get; set; } = 5;

    /// <summary>When the erasure job looks for cases past their retention (cron, UTC).</summary>
    [Required]
    public string Cron { get; set; } = "30 3 * * *";
}
