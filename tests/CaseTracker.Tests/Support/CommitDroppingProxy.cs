using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using System.Net.Sockets;
using System.Text;

namespace CaseTracker.Tests.Support;

/// <summary>How the proxy loses the writer's next COMMIT.</summary>
public enum CommitDrop
{
    /// <summary>The COMMIT reaches the server, which commits; its answer is lost with the connection.</summary>
    AnswerLost,

    /// <summary>The connection drops before the COMMIT reaches the server, which rolls the transaction back.</summary>
    CommitLost,

    /// <summary>As <see cref="AnswerLost"/>, and the database stays out of reach until <see cref="CommitDroppingProxy.Reconnect"/>.</summary>
    AnswerLostThenUnreachable,
}

/// <summary>
/// A TCP forwarder between the server and PostgreSQL that, when armed, drops the connection of the writer's next
/// COMMIT as a network failure would: the writer's connection is the one that took the writer's advisory lock.
/// </summary>
public sealed class CommitDroppingProxy : IDisposable
{
    private static readonly byte[] WriterLock = Encoding.ASCII.GetBytes("pg_advisory_xact_lock");
    private static readonly byte[] Commit = Encoding.ASCII.GetBytes("COMMIT\0");

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<TcpClient, TcpClient> _open = new();
    private CommitDrop? _armed;
    private volatile bool _unreachable;

    public CommitDroppingProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Completes when the armed drop has happened.</summary>
    public TaskCompletionSource Dropped { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Arm(CommitDrop how)
    {
        Dropped = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _armed = how;
    }

    /// <summary>
    /// Lets new connections through again after <see cref="CommitDrop.AnswerLostThenUnreachable"/>, which cut every open
    /// one (the pools' idle connections with them).
    /// </summary>
    public void Reconnect() => _unreachable = false;

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            if (_unreachable)
            {
                client.Dispose();
                continue;
            }
            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using var server = new TcpClient();
        using (client)
        {
            _open[client] = server;
            try
            {
                await server.ConnectAsync(_targetHost, _targetPort, _stopping.Token);
                var dropping = new StrongBox<bool>();
                var answers = PumpAsync(server.GetStream(), client.GetStream(), dropping);
                await ForwardRequestsAsync(client, server, dropping);
                await answers;
            }
            catch (Exception)
            {
                // A dropped or closed connection ends the forwarding, as it would on a network.
            }
            finally
            {
                _open.TryRemove(client, out _);
            }
        }
    }

    private async Task ForwardRequestsAsync(TcpClient client, TcpClient server, StrongBox<bool> dropping)
    {
        var buffer = new byte[64 * 1024];
        var writer = false;
        var from = client.GetStream();
        var to = server.GetStream();
        int read;
        while ((read = await from.ReadAsync(buffer, _stopping.Token)) > 0)
        {
            var chunk = buffer.AsSpan(0, read);
            writer |= chunk.IndexOf(WriterLock) >= 0;
            if (writer && _armed is { } how && chunk.IndexOf(Commit) >= 0)
            {
                _armed = null;
                dropping.Value = true;
                if (how != CommitDrop.CommitLost)
                {
                    await to.WriteAsync(buffer.AsMemory(0, read), _stopping.Token);
                    await to.FlushAsync(_stopping.Token);
                }
                if (how == CommitDrop.AnswerLostThenUnreachable)
                {
                    _unreachable = true;
                    foreach (var (other, _) in _open)
                    {
                        if (other != client)
                        {
                            other.Client.Close(0);
                        }
                    }
                }
                // The server side stays open a moment, so that the COMMIT it received is carried out before it sees the
                // connection end; the writer's side drops at once, before any answer.
                client.Client.Close(0);
                await Task.Delay(TimeSpan.FromMilliseconds(300));
                server.Client.Close(0);
                Dropped.TrySetResult();
                return;
            }
            await to.WriteAsync(buffer.AsMemory(0, read), _stopping.Token);
        }
        server.Client.Shutdown(SocketShutdown.Send);
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, StrongBox<bool> dropping)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, _stopping.Token)) > 0 && !dropping.Value)
        {
            await to.WriteAsync(buffer.AsMemory(0, read), _stopping.Token);
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _listener.Stop();
        _stopping.Dispose();
    }
}
