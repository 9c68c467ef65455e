using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;

namespace CaseTracker.Client;

/// <summary>Builds the channel and the credentials a <see cref="CaseTrackerClient"/> sends its calls with.</summary>
internal static class ClientChannel
{
    public static GrpcChannel Create(Uri address, CaseTrackerClientOptions options) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            // gRPC-Web over HTTP/1.1, for a path that does not pass HTTP/2 (the server's HTTP/1.1 endpoint, a proxy).
            HttpHandler = options.UseGrpcWeb ? new GrpcWebHandler(GrpcWebMode.GrpcWeb, Handler(options)) : Handler(options),
            HttpVersion = options.UseGrpcWeb ? HttpVersion.Version11 : null,
            DisposeHttpClient = true,
            // Not ThrowOperationCanceledOnCancellation: it would turn an expired deadline into an OperationCanceledException
            // too. ClientErrors makes the caller's own cancellation one, and leaves DEADLINE_EXCEEDED what it is.
            // Development servers speak plain HTTP; the bearer token still has to reach them.
            UnsafeUseInsecureChannelCallCredentials = address.Scheme == Uri.UriSchemeHttp,
        });

    /// <summary>The token provider as call credentials: asked, without blocking, before each attempt of each call.</summary>
    public static CallCredentials? Credentials(Func<CancellationToken, ValueTask<string>>? tokenProvider) =>
        tokenProvider is null
            ? null
            : CallCredentials.FromInterceptor(async (context, metadata) =>
                metadata.Add("authorization", "Bearer " + await tokenProvider(context.CancellationToken).ConfigureAwait(false)));

    private static HttpMessageHandler Handler(CaseTrackerClientOptions options)
    {
        var wantsTls = options.ClientCertificate is not null || options.ServerCertificateValidator is not null;
        if (options.HttpHandler is null)
        {
            var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) };
            if (wantsTls)
            {
                handler.SslOptions = TlsOptions(options);
            }
            return handler;
        }
        if (wantsTls)
        {
            ApplyTls(options.HttpHandler, options);
        }
        return options.HttpHandler;
    }

    /// <summary>Puts the certificate settings on the handler that opens connections, under any delegating handlers; refuses a handler that has none.</summary>
    private static void ApplyTls(HttpMessageHandler handler, CaseTrackerClientOptions options)
    {
        var innermost = handler;
        while (innermost is DelegatingHandler { InnerHandler: { } inner })
        {
            innermost = inner;
        }
        switch (innermost)
        {
            case SocketsHttpHandler sockets:
                var tls = TlsOptions(options);
                sockets.SslOptions.ClientCertificates = tls.ClientCertificates;
                sockets.SslOptions.RemoteCertificateValidationCallback = tls.RemoteCertificateValidationCallback ?? sockets.SslOptions.RemoteCertificateValidationCallback;
                break;
            case HttpClientHandler client:
                if (options.ClientCertificate is not null)
                {
                    client.ClientCertificateOptions = ClientCertificateOption.Manual;
                    client.ClientCertificates.Add(options.ClientCertificate);
                }
                if (options.ServerCertificateValidator is { } validator)
                {
                    client.ServerCertificateCustomValidationCallback = (_, certificate, _, errors) =>
                        errors == SslPolicyErrors.None || (certificate is not null && validator(certificate));
                }
                break;
            default:
                throw new ArgumentException(
                    $"ClientCertificate or ServerCertificateValidator is set, but the HttpHandler ({innermost.GetType().Name}) is not a SocketsHttpHandler " +
                    "or HttpClientHandler, nor delegates to one, so the client cannot present the certificate. Set the certificate on your handler " +
                    "and leave these options empty, or pass a DelegatingHandler over a SocketsHttpHandler.", nameof(options));
        }
    }

    private static SslClientAuthenticationOptions TlsOptions(CaseTrackerClientOptions options) => new()
    {
        ClientCertificates = options.ClientCertificate is null ? null : [options.ClientCertificate],
        RemoteCertificateValidationCallback = options.ServerCertificateValidator is not { } validator
            ? null
            : (_, certificate, _, errors) => errors == SslPolicyErrors.None
                || (certificate is not null && validator(certificate as X509Certificate2 ?? new X509Certificate2(certificate))),
    };
}
