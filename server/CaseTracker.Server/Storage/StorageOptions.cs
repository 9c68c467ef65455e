using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Storage;

/// <summary>The database engines the record can live in.</summary>
public enum StorageProvider
{
    /// <summary>An embedded file under the data directory: zero setup, one server process.</summary>
    Sqlite = 1,

    /// <summary>A PostgreSQL database: several server nodes share one record.</summary>
    Postgres = 2,
}

/// <summary>Where the record lives. Bound from the <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Storage";

    /// <summary><c>Sqlite</c> (default) or <c>Postgres</c>.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>The folder for the SQLite database and the development keys; relative paths are from the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>The connection string; for SQLite, empty means <c>{DataDirectory}/casetracker.db</c>; for PostgreSQL, required.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>How many queued mutations the single writer commits together at most.</summary>
    [Range(1, 10_000)]
    public int MaxWriteBatch { get; set; } = 256;

    /// <summary>How many cases GetCase keeps as read until a commit changes them (SQLite only; 0 keeps none). See <c>Cases/CaseReadCache</c>.</summary>
    [Range(0, 1_000_000)]
    public int CaseCacheSize { get; set; } = 10_000;

    /// <summary>How many mutations may wait for the writer before callers are made to wait.</summary>
    [Range(1, 1_000_000)]
    public int WriteQueueCapacity { get; set; } = 10_000;

    public string ResolveConnectionString() =>
        string.IsNullOrWhiteSpace(ConnectionString) && Provider == StorageProvider.Sqlite
            ? $"Data Source={Path.Combine(Path.GetFullPath(DataDirectory), "casetracker.db")}"
            : ConnectionString;

    /// <summary>Points <paramref name="builder"/> at the record; a writer's SQLite connections are also made durable.</summary>
    public TBuilder Apply<TBuilder>(TBuilder builder, bool writer)
        where TBuilder : DbContextOptionsBuilder
    {
        if (Provider == StorageProvider.Postgres)
        {
            builder.UseNpgsql(ResolveConnectionString());
            builder.AddInterceptors(new SqlTracingInterceptor("postgresql"));
        }
        else
        {
            builder.UseSqlite(ResolveConnectionString());
            builder.AddInterceptors(new SqlTracingInterceptor("sqlite"));
            if (writer)
            {
                builder.AddInterceptors(new SqliteDurabilityInterceptor());
            }
        }
        return builder;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enum.IsDefined(Provider))
        {
            yield return new ValidationResult("Storage:Provider must be Sqlite or Postgres.", [nameof(Provider)]);
        }
        if (Provider == StorageProvider.Postgres && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(
                "Storage:ConnectionString is required with Storage:Provider=Postgres (Host=...;Database=...;Username=...;Password=...).",
                [nameof(ConnectionString)]);
        }
    }
}
