using System.Buffers;
using System.Collections.Concurrent;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace CaseTracker.Tests.Support;

/// <summary>
/// A real SMTP server on the loopback interface (the SmtpServer package, in this process): it keeps every message it
/// accepts, as it came, and a mailbox that drops a message whose Message-ID it already holds, as mail systems do.
/// Set <see cref="Refusing"/> to answer every message with 554.
/// </summary>
public sealed class LoopbackSmtpServer : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private readonly Store _store = new();

    public LoopbackSmtpServer()
    {
        Port = LoopbackPorts.Free();
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(e => e.Endpoint(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(_store);
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public int Port { get; }

    /// <summary>Answer every message with 554 (transaction failed).</summary>
    public bool Refusing
    {
        get => _store.Refusing;
        set => _store.Refusing = value;
    }

    /// <summary>Every message accepted, in order, resends included.</summary>
    public IReadOnlyList<MimeMessage> Received => [.. _store.Received];

    /// <summary>What a mail system delivers: one message per Message-ID.</summary>
    public IReadOnlyList<MimeMessage> Mailbox => [.. _store.Received.DistinctBy(m => m.MessageId)];

    /// <summary>The raw bytes of every message accepted.</summary>
    public IReadOnlyList<byte[]> Raw => [.. _store.Raw];

    /// <summary>The SMTP settings of a host that sends here.</summary>
    public Dictionary<string, string> Settings() => new()
    {
        ["Notifications:Smtp:Enabled"] = "true",
        ["Notifications:Smtp:Host"] = "127.0.0.1",
        ["Notifications:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Notifications:Smtp:Security"] = "None",
    };

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _running.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Stopped.
        }
        _stop.Dispose();
    }

    private sealed class Store : MessageStore
    {
        public volatile bool Refusing;

        public ConcurrentQueue<MimeMessage> Received { get; } = new();

        public ConcurrentQueue<byte[]> Raw { get; } = new();

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (Refusing)
            {
                return SmtpResponse.TransactionFailed;
            }
            var bytes = buffer.ToArray();
            Raw.Enqueue(bytes);
            using var stream = new MemoryStream(bytes);
            Received.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
