using CaseTracker.V1;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace CaseTracker.Client;

/// <summary>
/// Opens the CaseTracker contract's clients on one channel, sending the caller's bearer token on every call.
/// </summary>
/// <example>
/// <code>
/// using var client = CaseTrackerClient.Create(new Uri("http://localhost:5080"), () => token);
/// var created = await client.Cases.CreateCaseAsync(new CreateCaseRequest { Case = draft, RequestId = Guid.NewGuid().ToString() });
/// </code>
/// </example>
public sealed class CaseTrackerClient : IDisposable
{
    private readonly GrpcChannel _channel;

    private CaseTrackerClient(GrpcChannel channel, Func<string> token)
    {
        _channel = channel;
        var invoker = channel.Intercept(headers =>
        {
            headers.Add("authorization", "Bearer " + token());
            return headers;
        });
        Cases = new CaseService.CaseServiceClient(invoker);
    }

    /// <summary>The generated client of <c>casetracker.v1.CaseService</c>.</summary>
    public CaseService.CaseServiceClient Cases { get; }

    /// <summary>The channel the clients share, for other services (health, reflection).</summary>
    public GrpcChannel Channel => _channel;

    /// <summary>
    /// Creates a client for the server at <paramref name="address"/>. <paramref name="token"/> is asked for
    /// the bearer token before every call, so a caller can renew tokens without reconnecting.
    /// </summary>
    /// <param name="address">The server's gRPC address, for example <c>http://localhost:5080</c>.</param>
    /// <param name="token">Returns the current bearer token.</param>
    /// <param name="handler">An HTTP handler to send calls through (tests pass an in-memory one); null for the default.</param>
    public static CaseTrackerClient Create(Uri address, Func<string> token, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(token);
        var options = new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = handler is null };
        return new CaseTrackerClient(GrpcChannel.ForAddress(address, options), token);
    }

    /// <inheritdoc />
    public void Dispose() => _channel.Dispose();
}
