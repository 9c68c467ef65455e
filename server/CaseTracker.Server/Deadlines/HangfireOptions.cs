using System.ComponentModel.DataAnnotations;

namespace CaseTracker.Server.Deadlines;

/// <summary>Hangfire, which runs the clock. Bound from the <c>Hangfire</c> section.</summary>
public sealed class HangfireOptions : IValidatableObject
{
    public const string Section = "Hangfire";

    private static readonly string[] Storages = ["Sqlite", "Postgres", "InMemory"];

    /// <summary>
    /// Empty for the record's own provider — <c>Sqlite</c> (a file of its own under the data directory, one server
    /// process only) or <c>Postgres</c> (the record's database, schema <c>hangfire</c>, shared by every node) — or
    /// <c>InMemory</c> (tests).
    /// </summary>
    public string Storage { get; set; } = string.Empty;

    /// <summary>Whether this process runs jobs; tests call the jobs themselves.</summary>
    public bool ServerEnabled { get; set; } = true;

    /// <summary>How often delayed and recurring jobs are looked for.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The storage Hangfire uses beside <paramref name="storage"/>: <c>Sqlite</c>, <c>Postgres</c> or <c>InMemory</c>.</summary>
    public string StorageKind(CaseTracker.Server.Storage.StorageOptions storage) => Storage.Length == 0 ? storage.Provider.ToString() : Storage;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Storage.Length > 0 && !Storages.Contains(Storage, StringComparer.OrdinalIgnoreCase))
        {
            yield return new ValidationResult($"'{Storage}' is not one of {string.Join(", ", Storages)} (or empty for the record's provider).", [nameof(Storage)]);
        }
    }
}
