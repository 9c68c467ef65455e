using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CaseTracker.Server.Hosting;

/// <summary>
/// Health over plain HTTP, beside the gRPC health service, for load balancers that cannot speak gRPC:
/// <c>/healthz/live</c> answers 200 while the process serves at all; <c>/healthz/ready</c> answers 200 only
/// while the checks tagged <see cref="ReadyTag"/> pass (the database answers, every migration is applied, the
/// server is not stopping), and 503 otherwise. Both answer JSON naming each check, without a token.
/// </summary>
public static class HttpHealthEndpoints
{
    /// <summary>The tag of the checks that decide readiness.</summary>
    public const string ReadyTag = "ready";

    public const string LivePath = "/healthz/live";
    public const string ReadyPath = "/healthz/ready";

    public static WebApplication MapCaseTrackerHttpHealth(this WebApplication app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJson });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteJson });
        return app;
    }

    private static Task WriteJson(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new Dictionary<string, object>
        {
            ["status"] = report.Status.ToString(),
            ["checks"] = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new Dictionary<string, string?> { ["status"] = entry.Value.Status.ToString(), ["description"] = entry.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
