using System.ComponentModel.DataAnnotations;

namespace CaseTracker.Server.Hosting;

/// <summary>Where the server listens. Bound from the <c>Endpoints</c> section.</summary>
public sealed class EndpointOptions : IValidatableObject
{
    public const string Section = "Endpoints";

    /// <summary>gRPC over HTTP/2 cleartext.</summary>
    public string Grpc { get; set; } = "http://localhost:5080";

    /// <summary>HTTP/1.1: the dashboard (and what needs HTTP/1.1) answers only there.</summary>
    public string Http { get; set; } = "http://localhost:5081";

    /// <summary>Serve the dashboard on the HTTP/1.1 endpoint only (tests turn this off: their host has one address).</summary>
    public bool DashboardOnHttpEndpointOnly { get; set; } = true;

    /// <summary>The ministries' TLS endpoint, where a client certificate is required; off while its URL is empty.</summary>
    public MinistryTlsOptions MinistryTls { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, url) in new[] { (nameof(Grpc), Grpc), (nameof(Http), Http) })
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
            {
                yield return new ValidationResult(
                    $"'{url}' is not an http:// address such as http://localhost:5080; terminate TLS in front of the server.", [name]);
            }
        }
        if (MinistryTls.Url.Length > 0)
        {
            if (!Uri.TryCreate(MinistryTls.Url, UriKind.Absolute, out var tls) || tls.Scheme != Uri.UriSchemeHttps)
            {
                yield return new ValidationResult($"'{MinistryTls.Url}' is not an https:// address such as https://0.0.0.0:5443.", ["MinistryTls:Url"]);
            }
            if (MinistryTls.CertificatePath.Length == 0)
            {
                yield return new ValidationResult("the server's certificate (PEM) is required with MinistryTls:Url.", ["MinistryTls:CertificatePath"]);
            }
        }
    }
}

/// <summary>The ministries' TLS endpoint: its address and the server's certificate and key (PEM files).</summary>
public sealed class MinistryTlsOptions
{
    public string Url { get; set; } = string.Empty;

    public string CertificatePath { get; set; } = string.Empty;

    public string KeyPath { get; set; } = string.Empty;
}
