using CaseTracker.Server;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CaseTracker.Tests.Support;

/// <summary>
/// The real server on a real Kestrel, on loopback ports of its own: gRPC over HTTP/2 and the HTTP endpoint speaking
/// HTTP/1.1 only, as in production, on a fresh database (SQLite in a temporary folder, or PostgreSQL when the suite
/// runs on it). For what the in-memory host cannot show: the HTTP version on the wire, a browser's gRPC-Web, REST
/// streams read as they arrive.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "casetracker-tests", "loopback-" + Guid.NewGuid().ToString("N"));
    private readonly WebApplication _app;

    private LoopbackServer(int grpcPort, int httpPort)
    {
        GrpcEndpoint = new Uri($"http://127.0.0.1:{grpcPort}");
        HttpEndpoint = new Uri($"http://127.0.0.1:{httpPort}");
        List<string> args =
        [
            $"--Endpoints:Grpc={GrpcEndpoint}",
            $"--Endpoints:Http={HttpEndpoint}",
            $"--Storage:DataDirectory={_folder}",
            "--Hangfire:Storage=InMemory",
            "--Hangfire:ServerEnabled=false",
            "--Logging:LogLevel:Default=Warning",
        ];
        if (TestDatabase.Postgres is not null)
        {
            args.AddRange(["--Storage:Provider=Postgres", $"--Storage:ConnectionString={TestDatabase.ForDataDirectory(_folder)}"]);
        }
        _app = CaseTrackerApp.Build([.. args]);
    }

    /// <summary>The gRPC listener (HTTP/2 cleartext).</summary>
    public Uri GrpcEndpoint { get; }

    /// <summary>The HTTP/1.1 listener: REST/JSON, gRPC-Web, OpenAPI, health.</summary>
    public Uri HttpEndpoint { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<LoopbackServer> StartAsync()
    {
        var server = new LoopbackServer(LoopbackPorts.Free(), LoopbackPorts.Free());
        await server._app.StartAsync();
        return server;
    }

    /// <summary>A bearer token signed with the server's development key.</summary>
    public string TokenFor(Party party, Role role, string id) =>
        TokenIssuer.Mint(Services.GetRequiredService<TokenKeys>(), "casetracker", party, role, id, id, TimeSpan.FromHours(1), DateTime.UtcNow);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        TestDatabase.Drop(_folder);
        TemporaryFolders.DeleteQuietly(_folder);
    }
}
