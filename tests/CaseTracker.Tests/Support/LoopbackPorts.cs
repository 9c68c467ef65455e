using System.Net;
using System.Net.Sockets;

namespace CaseTracker.Tests.Support;

/// <summary>Ports for tests that run a real Kestrel server on the loopback interface.</summary>
/// <remarks>
/// A port the system picks (port 0) comes from its ephemeral range, which every outgoing connection of every other
/// test also draws its source port from: between this check and the server's bind, one of them could take it
/// ("address already in use", seen once in CI). These ports come from below that range (Linux starts it at 32768),
/// each handed out once per test run, starting at a random place so two runs at once rarely meet.
/// </remarks>
public static class LoopbackPorts
{
    private const int First = 20_000;
    private const int Count = 12_000;

    private static int _offset = Random.Shared.Next(Count);

    /// <summary>A port nothing listens on now, outside the ephemeral range, not handed out before in this run.</summary>
    public static int Free()
    {
        for (var tries = 0; tries < Count; tries++)
        {
            var port = First + (Interlocked.Increment(ref _offset) % Count);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken by something else on this machine: the next one.
            }
        }
        throw new InvalidOperationException($"No free loopback port between {First} and {First + Count - 1}.");
    }
}
