using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace CaseTracker.Server.Hosting;

/// <summary>
/// Two listeners: gRPC over HTTP/2 cleartext, and HTTP/1.1 for the dashboard and REST. A cleartext
/// endpoint that offers both protocols silently falls back to HTTP/1.1 and breaks gRPC, so each gets its own.
/// </summary>
public static class EndpointExtensions
{
    public static WebApplicationBuilder AddCaseTrackerEndpoints(this WebApplicationBuilder builder)
    {
        var endpoints = StartupOptions.Bind<EndpointOptions>(builder, EndpointOptions.Section);
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>, LargeBlockMemoryPoolFactory>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            Listen(kestrel, endpoints.Grpc, HttpProtocols.Http2);
            Listen(kestrel, endpoints.Http, HttpProtocols.Http1);
            if (endpoints.MinistryTls.Url.Length > 0)
            {
                ListenForMinistries(kestrel, new Uri(endpoints.MinistryTls.Url), endpoints.MinistryTls);
            }
        });
        return builder;
    }

    /// <summary>
    /// The ministries' endpoint: gRPC over TLS, where a client certificate is required. The handshake only asks
    /// for one: the certificate authentication scheme judges it on every call against each ministry's own CA
    /// and revocation list (<c>Auth:Ministries</c>, see <c>Security/MinistryCertificates.cs</c>), so that a
    /// refused certificate gets UNAUTHENTICATED with a reason instead of a broken handshake.
    /// </summary>
    private static void ListenForMinistries(KestrelServerOptions kestrel, Uri url, MinistryTlsOptions tls)
    {
        var certificate = X509Certificate2.CreateFromPemFile(tls.CertificatePath, tls.KeyPath.Length > 0 ? tls.KeyPath : null);
        // Kestrel needs the key in a form it can use on Linux: round-trip through PKCS#12.
        certificate = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        void Configure(ListenOptions listen)
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(https =>
            {
                https.ServerCertificate = certificate;
                https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                // TLS would judge the certificate by the system's roots, which are not the ministries' trust,
                // and fetch revocation online; both are the certificate scheme's job, offline.
                https.CheckCertificateRevocation = false;
                https.ClientCertificateValidation = (_, _, _) => true;
            });
        }
        if (url.Host == "localhost")
        {
            kestrel.ListenLocalhost(url.Port, Configure);
        }
        else
        {
            kestrel.Listen(url.Host is "*" or "+" or "0.0.0.0" ? IPAddress.Any : IPAddress.Parse(url.Host), url.Port, Configure);
        }
    }

    private static void Listen(KestrelServerOptions kestrel, string url, HttpProtocols protocols)
    {
        var uri = new Uri(url); // an http:// address: EndpointOptions checked it
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
