using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CaseTracker.Server.Hosting;

/// <summary>
/// Reports the server unhealthy (gRPC health: NOT_SERVING) once it has begun to stop, so that a load balancer
/// sends no new calls to a node that is going away.
/// </summary>
public sealed class ServerStoppingHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("The server is stopping.")
            : HealthCheckResult.Healthy());
}
