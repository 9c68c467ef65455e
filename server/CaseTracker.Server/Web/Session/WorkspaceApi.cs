using CaseTracker.Client;
using CaseTracker.Server.Hosting;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Web.Session;

/// <summary>
/// The workspace's one client of the contract: the client library over the loopback to the server's own gRPC
/// endpoint, so each page's call meets exactly the API's authentication, permissions, validation and errors.
/// One channel for every member; each call carries the token of the member whose request is being served.
/// </summary>
public sealed class WorkspaceApi : IDisposable
{
    private readonly CaseTrackerClient _client;

    public WorkspaceApi(IOptions<EndpointOptions> endpoints, IHttpContextAccessor requests)
    {
        _client = new CaseTrackerClient(new CaseTrackerClientOptions
        {
            Address = LoopbackAddress(endpoints.Value.Grpc),
            TokenProvider = _ => ValueTask.FromResult(WebMember.Of(requests.HttpContext?.User)?.Token ?? string.Empty),
            DefaultDeadline = TimeSpan.FromSeconds(15),
        });
    }

    public CaseTrackerClient Client => _client;

    /// <summary>The gRPC endpoint as reached from this machine: a listener on every address is reached on 127.0.0.1.</summary>
    public static Uri LoopbackAddress(string grpcEndpoint)
    {
        var uri = new Uri(grpcEndpoint);
        return uri.Host is "*" or "+" or "0.0.0.0" ? new UriBuilder(uri) { Host = "127.0.0.1" }.Uri : uri;
    }

    public void Dispose() => _client.Dispose();
}
