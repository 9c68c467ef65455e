using CaseTracker.Server.Storage;
using CaseTracker.Tests.Support;
using Grpc.Health.V1;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CaseTracker.Tests.ScaleOut;

/// <summary>A node reports itself unhealthy (gRPC health NOT_SERVING) while it cannot reach the record.</summary>
public sealed class DatabaseHealthCheckTests
{
    private static DatabaseHealthCheck CheckOn(StorageOptions storage) =>
        new(new PooledDbContextFactory<CaseTrackerDbContext>(storage.Apply(new DbContextOptionsBuilder<CaseTrackerDbContext>(), writer: false).Options));

    [Fact]
    public async Task APostgreSqlServerThatCannotBeReached_IsUnhealthy()
    {
        var check = CheckOn(new StorageOptions
        {
            Provider = StorageProvider.Postgres,
            // Nothing listens on port 1; fail fast rather than wait for the default timeout.
            ConnectionString = "Host=127.0.0.1;Port=1;Database=casetracker;Username=casetracker;Password=x;Timeout=2",
        });

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
    }

    [Fact]
    public async Task TheRecordOfARunningNode_IsServing()
    {
        using var host = new CaseTrackerHost();
        var health = new Health.HealthClient(host.ClientFor(Server.Cases.Party.RU, Server.Cases.Role.Auditor).Channel);

        var response = await health.CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }
}
