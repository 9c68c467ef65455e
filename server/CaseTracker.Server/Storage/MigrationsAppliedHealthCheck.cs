using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Storage;

/// <summary>
/// Reports the server not ready while the database lacks a migration this build expects (another node, or an
/// operator, restored or rolled back the database underneath it): its queries would fail on a missing column.
/// </summary>
public sealed class MigrationsAppliedHealthCheck(IOptions<StorageOptions> storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var db = MigrationContext(storage.Value);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        return pending.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"The database lacks {pending.Count} migration(s), the newest {pending[^1]}; restart the server to apply them.");
    }

    /// <summary>Each provider keeps its migrations on its own context type, as <c>ApplyMigrations</c> applies them.</summary>
    private static DbContext MigrationContext(StorageOptions storage) => storage.Provider == StorageProvider.Postgres
        ? new PostgresMigrationContext(storage.Apply(new DbContextOptionsBuilder<PostgresMigrationContext>(), writer: false).Options)
        : new CaseTrackerDbContext(storage.Apply(new DbContextOptionsBuilder<CaseTrackerDbContext>(), writer: false).Options);
}
