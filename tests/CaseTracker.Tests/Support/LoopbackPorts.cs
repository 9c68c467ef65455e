using System.Net;
using System.Net.Sockets;

namespace CaseTracker.Tests.Support;

/// <summary>Ports for tests that run a real Kestrel server on the loopback interface.</summary>
public static class LoopbackPorts
{
    /// <summary>A port nothing listens on now.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
