using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CaseTracker.Server.Hosting;

/// <summary>
/// OpenTelemetry: traces of every call (ASP.NET Core with its gRPC spans, the gRPC client, EF Core's SQL (<c>Storage/SqlTracingInterceptor</c>) and Npgsql's, the
/// writer's commits, Hangfire jobs), metrics (each method's calls, latency and status; the writer's queue, batches
/// and commits; the change feed's lag per watcher; rate-limit refusals; e-mails pending; ASP.NET Core and the runtime) and logs,
/// sent over OTLP once <c>OpenTelemetry:Otlp:Endpoint</c> is set (spans are recorded only then), and metrics at
/// <c>/metrics</c> for Prometheus.
/// No personal data goes into a span or metric: spans carry case names and method names, never a request's
/// fields; the query string is redacted and SQL parameter values are not recorded; logs keep their redaction.
/// </summary>
public static class TelemetryExtensions
{
    /// <summary>The prefix of every activity source and meter of the server's own (<c>CaseTracker.Storage</c>, …).</summary>
    public const string Prefix = "CaseTracker.";

    public const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddCaseTrackerTelemetry(this WebApplicationBuilder builder)
    {
        var options = StartupOptions.Bind<TelemetryOptions>(builder, TelemetryOptions.Section);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("casetracker-server"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Prefix + "*").AddAspNetCoreInstrumentation().AddRuntimeInstrumentation();
                if (options.PrometheusEnabled)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        if (options.Otlp.Endpoint.Length > 0)
        {
            // Spans are made only for a collector to receive: without one, recording every call's spans (and its
            // SQL's) cost a third of a read's time for nothing.
            telemetry.WithTracing(tracing => tracing
                .AddSource(Prefix + "*")
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !IsPlumbing(context.Request.Path))
                .AddGrpcClientInstrumentation()
                .AddNpgsql());
            builder.Logging.AddOpenTelemetry(logs => logs.IncludeScopes = false);
            telemetry.UseOtlpExporter(
                options.Otlp.Protocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf,
                new Uri(options.Otlp.Endpoint));
        }
        return builder;
    }

    /// <summary>Prometheus's scrape endpoint, on the HTTP/1.1 endpoint.</summary>
    public static WebApplication MapCaseTrackerMetrics(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.PrometheusEnabled)
        {
            return app;
        }
        var scrape = app.MapPrometheusScrapingEndpoint(MetricsPath);
        var endpoints = app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        if (endpoints.DashboardOnHttpEndpointOnly)
        {
            scrape.RequireHost($"*:{new Uri(endpoints.Http).Port}");
        }
        return app;
    }

    /// <summary>Scrapes and health probes every few seconds would drown the calls in the traces.</summary>
    private static bool IsPlumbing(PathString path) =>
        path.StartsWithSegments(MetricsPath) || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/grpc.health.v1.Health");
}
