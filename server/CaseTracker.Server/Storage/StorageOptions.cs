using System.ComponentModel.DataAnnotations;

namespace CaseTracker.Server.Storage;

/// <summary>Where the record lives. Bound from the <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>The folder for the database and the development keys; relative paths are from the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>The SQLite connection string; empty means <c>{DataDirectory}/casetracker.db</c>.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>How many queued mutations the single writer commits together at most.</summary>
    [Range(1, 10_000)]
    public int MaxWriteBatch { get; set; } = 256;

    /// <summary>How many mutations may wait for the writer before callers are made to wait.</summary>
    [Range(1, 1_000_000)]
    public int WriteQueueCapacity { get; set; } = 10_000;

    public string ResolveConnectionString() =>
        string.IsNullOrWhiteSpace(ConnectionString)
            ? $"Data Source={Path.Combine(Path.GetFullPath(DataDirectory), "casetracker.db")}"
            : ConnectionString;
}
