using System.ComponentModel.DataAnnotations;

namespace CaseTracker.Server.Hosting;

/// <summary>Where traces, metrics and logs go. Bound from the <c>OpenTelemetry</c> section.</summary>
public sealed class TelemetryOptions : IValidatableObject
{
    public const string Section = "OpenTelemetry";

    /// <summary>The OTLP collector; nothing is exported while its endpoint is empty.</summary>
    public OtlpOptions Otlp { get; set; } = new();

    /// <summary>Serve the metrics for Prometheus to scrape at <c>/metrics</c> on the HTTP/1.1 endpoint.</summary>
    public bool PrometheusEnabled { get; set; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Otlp.Endpoint.Length > 0 && (!Uri.TryCreate(Otlp.Endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            yield return new ValidationResult($"'{Otlp.Endpoint}' is not an http:// or https:// address such as http://collector:4317.", ["Otlp:Endpoint"]);
        }
        if (Otlp.Protocol is not ("grpc" or "http/protobuf"))
        {
            yield return new ValidationResult($"'{Otlp.Protocol}' is not one of grpc, http/protobuf.", ["Otlp:Protocol"]);
        }
    }
}

/// <summary>The OTLP collector's address and protocol.</summary>
public sealed class OtlpOptions
{
    /// <summary>The collector's base address, for example <c>http://collector:4317</c> (gRPC) or <c>http://collector:4318</c> (HTTP).</summary>
    public string Endpoint { get; set; } = string.Empty;

    /// <summary><c>grpc</c> (port 4317 by convention) or <c>http/protobuf</c> (4318, paths <c>/v1/traces</c>, <c>/v1/metrics</c>, <c>/v1/logs</c>).</summary>
    public string Protocol { get; set; } = "grpc";
}
