using System.Security.Cryptography.X509Certificates;

namespace CaseTracker.Client;

/// <summary>How a <see cref="CaseTrackerClient"/> reaches and authenticates to the server.</summary>
public sealed class CaseTrackerClientOptions
{
    /// <summary>The server's gRPC address, for example <c>http://localhost:5080</c>, or the TLS endpoint for client certificates.</summary>
    public Uri? Address { get; set; }

    /// <summary>Returns the bearer token to send with each call (people and development). Asked before every call.</summary>
    public Func<CancellationToken, ValueTask<string>>? TokenProvider { get; set; }

    /// <summary>The ministry system's client certificate, presented on the server's TLS endpoint instead of a token.</summary>
    public X509Certificate2? ClientCertificate { get; set; }

    /// <summary>Accepts the server's TLS certificate when it does not chain to a trusted root (a private CA); null uses the system's validation.</summary>
    public Func<X509Certificate2, bool>? ServerCertificateValidator { get; set; }

    /// <summary>The deadline given to every call that has none of its own.</summary>
    public TimeSpan DefaultDeadline { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times a call that failed with UNAVAILABLE is tried again (all CaseService calls are safe to repeat).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The wait before the first retry; it doubles with each further one.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>An HTTP handler to send calls through (tests pass an in-memory one); null for a default one.</summary>
    public HttpMessageHandler? HttpHandler { get; set; }
}
