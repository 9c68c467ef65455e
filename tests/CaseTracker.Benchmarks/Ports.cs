using System.Net;
using System.Net.Sockets;

namespace CaseTracker.Benchmarks;

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
