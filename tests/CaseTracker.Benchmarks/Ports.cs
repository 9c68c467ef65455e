using System.Net;
using System.Net.Sockets;

namespace CaseTracker.Benchmarks;

/// <summary>How a benchmark starts a server: on loopback, its own data folder, no Hangfire server, quiet logs.</summary>
public static class BenchmarkServer
{
    /// <summary>
    /// The settings every benchmark's server shares. <paramref name="grpcPort"/> 0 lets the system pick (for
    /// benchmarks that call the server's services directly). One caller drives all the load, so the per-caller
    /// rate limit is lifted: it would measure itself.
    /// </summary>
    public static string[] Settings(string folder, int grpcPort = 0) =>
    [
        $"--Endpoints:Grpc=http://127.0.0.1:{grpcPort}", $"--Endpoints:Http=http://127.0.0.1:{(grpcPort == 0 ? 0 : Ports.Free())}",
        $"--Storage:DataDirectory={folder}", "--Hangfire:Storage=InMemory", "--Hangfire:ServerEnabled=false",
        "--Logging:LogLevel:Default=Warning", "--Limits:RequestsPerSecond=1000000", "--Limits:Burst=1000000",
    ];
}

/// <summary>Free loopback ports for the servers a benchmark starts.</summary>
public static class Ports
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
