using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace CaseTracker.Client;

/// <summary>
/// How a <see cref="CaseTrackerClient"/> reaches and authenticates to the server, and how long it keeps trying.
/// Bound from configuration by <see cref="ServiceCollectionExtensions.AddCaseTrackerClient(Microsoft.Extensions.DependencyInjection.IServiceCollection, Microsoft.Extensions.Configuration.IConfiguration, Action{CaseTrackerClientOptions})"/>
/// (for example a <c>CaseTracker</c> section with <c>Address</c>, <c>DefaultDeadline</c> = <c>00:00:30</c>).
/// </summary>
public sealed class CaseTrackerClientOptions
{
    /// <summary>The server's gRPC address, for example <c>http://localhost:5080</c>, or the TLS endpoint for client certificates.</summary>
    public Uri? Address { get; set; }

    /// <summary>
    /// Returns the bearer token to send with each call (people and development). Asked before every attempt of
    /// every call, so a token can be renewed between retries. When null, a <see cref="ICaseTrackerTokenProvider"/>
    /// registered with dependency injection is used, if there is one.
    /// </summary>
    public Func<CancellationToken, ValueTask<string>>? TokenProvider { get; set; }

    /// <summary>The ministry system's client certificate, presented on the server's TLS endpoint instead of a token.</summary>
    public X509Certificate2? ClientCertificate { get; set; }

    /// <summary>Accepts the server's TLS certificate when it does not chain to a trusted root (a private CA); null uses the system's validation.</summary>
    public Func<X509Certificate2, bool>? ServerCertificateValidator { get; set; }

    /// <summary>
    /// The deadline of every unary call that has none of its own, across all its attempts and the waits between
    /// them: a call fails at the latest when it has passed. A deadline given with the call counts the same way.
    /// </summary>
    public TimeSpan DefaultDeadline { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The most one attempt of a read or of a change with a <c>request_id</c> may take within the call's deadline, so
    /// a server that hangs leaves time to try again; null lets one attempt take the whole deadline. A change without
    /// a <c>request_id</c>, which is not retried, always has the whole deadline.
    /// </summary>
    public TimeSpan? AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// At most this many retries of one call; null (the default) for as many as its deadline leaves time for.
    /// 0 turns retries off.
    /// </summary>
    public int? MaxRetries { get; set; }

    /// <summary>The wait before the first retry; it doubles with each further one, up to <see cref="MaxBackoff"/>, and each wait is jittered (50–150 %).</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between two retries before jitter.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a bulk import (<see cref="CaseTrackerClient.ImportPersonListAsync"/>) keeps resuming while it
    /// makes no progress: it gives up once no record has been stored for this long.
    /// </summary>
    public TimeSpan ImportGiveUpAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Send calls as gRPC-Web over HTTP/1.1 (Grpc.Net.Client.Web) instead of gRPC over HTTP/2: for a network
    /// path that does not pass HTTP/2, such as the server's HTTP/1.1 endpoint (<c>http://host:5081</c>) or a proxy.
    /// Unary calls and server streams work so; a client stream (<see cref="CaseTrackerClient.ImportPersonListAsync"/>) needs gRPC.
    /// </summary>
    public bool UseGrpcWeb { get; set; }

    /// <summary>An HTTP handler to send calls through (tests pass an in-memory one); null for a default one.</summary>
    /// <remarks>
    /// With <see cref="ClientCertificate"/> or <see cref="ServerCertificateValidator"/> set, the handler must be a
    /// <see cref="SocketsHttpHandler"/> or <see cref="HttpClientHandler"/>, or a chain of
    /// <see cref="DelegatingHandler"/>s ending in one: the certificate settings are applied to it. Any other
    /// handler makes the client's constructor fail with an <see cref="ArgumentException"/> rather than drop the certificate.
    /// </remarks>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>Where the client reports retries and reconnects (method, status, reason, attempt, wait; never request contents); null for none.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}
