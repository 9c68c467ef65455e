using System.ComponentModel.DataAnnotations;

namespace CaseTracker.Server.Records;

/// <summary>Scheduled backups of the SQLite record. Bound from the <c>Backup</c> section.</summary>
public sealed class BackupOptions : IValidatableObject
{
    public const string Section = "Backup";

    /// <summary>When Hangfire takes a backup (cron, UTC); empty for none.</summary>
    public string Cron { get; set; } = string.Empty;

    /// <summary>The folder each scheduled backup is made in, as <c>backup-yyyyMMdd-HHmmss/</c>; required with <see cref="Cron"/>.</summary>
    public string Directory { get; set; } = string.Empty;

    /// <summary>How many scheduled backups to keep: older ones in <see cref="Directory"/> are deleted after a new one is complete.</summary>
    [Range(1, 10_000)]
    public int Keep { get; set; } = 7;

    /// <summary>Whether scheduled backups carry the development and pseudonym keys (then keep them as secret as the keys).</summary>
    public bool WithKeys { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Cron.Length > 0 && Directory.Length == 0)
        {
            yield return new ValidationResult("is required once Backup:Cron is set: the folder the scheduled backups go in.", [nameof(Directory)]);
        }
    }
}
