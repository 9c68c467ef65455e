using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CaseTracker.Server;

/// <summary>
/// Two listeners: gRPC over HTTP/2 cleartext, and HTTP/1.1 for the dashboard and REST. A cleartext
/// endpoint that offers both protocols silently falls back to HTTP/1.1 and breaks gRPC, so each gets its own.
/// </summary>
public static class EndpointExtensions
{
    public static WebApplicationBuilder AddCaseTrackerEndpoints(this WebApplicationBuilder builder)
    {
        var grpcUrl = GrpcUrl(builder.Configuration);
        var httpUrl = HttpUrl(builder.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            Listen(kestrel, grpcUrl, HttpProtocols.Http2);
            Listen(kestrel, httpUrl, HttpProtocols.Http1);
        });
        return builder;
    }

    public static string GrpcUrl(IConfiguration configuration) => configuration["Endpoints:Grpc"] ?? "http://localhost:5080";

    /// <summary>The HTTP/1.1 listener: the dashboard answers only there.</summary>
    public static string HttpUrl(IConfiguration configuration) => configuration["Endpoints:Http"] ?? "http://localhost:5081";

    private static void Listen(KestrelServerOptions kestrel, string url, HttpProtocols protocols)
    {
        var uri = new Uri(url);
        if (uri.Scheme != Uri.UriSchemeHttp)
        {
            throw new InvalidOperationException($"Endpoint '{url}': only http:// is supported here; terminate TLS in front of the server.");
        }
        if (uri.Host == "localhost")
        {
            kestrel.ListenLocalhost(uri.Port, listen => listen.Protocols = protocols);
        }
        else if (uri.Host is "*" or "+" or "0.0.0.0")
        {
            kestrel.ListenAnyIP(uri.Port, listen => listen.Protocols = protocols);
        }
        else
        {
            kestrel.Listen(IPAddress.Parse(uri.Host), uri.Port, listen => listen.Protocols = protocols);
        }
    }
}
