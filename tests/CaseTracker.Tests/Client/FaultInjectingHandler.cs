using System.Net.Sockets;

namespace CaseTracker.Tests.Client;

/// <summary>What goes wrong with one HTTP request between the client and the server.</summary>
public enum Fault
{
    /// <summary>Nothing: the request and its answer pass.</summary>
    None,

    /// <summary>The connection fails before the request leaves: the server never sees it.</summary>
    DropBeforeSend,

    /// <summary>The server gets the request and answers in full, but the connection breaks before the answer arrives.</summary>
    DropAfterSend,

    /// <summary>The server gets the request and answers in full; the answer's headers arrive, then the connection breaks while its body is read.</summary>
    BreakTheAnswer,

    /// <summary>The server gets the request and answers, but the answer is held back until the client gives up on it.</summary>
    DelayPastTheDeadline,
}

/// <summary>
/// Sits between the client and the real in-process server and breaks requests as a test plans: per request
/// (<see cref="Plan"/>, by its number from 1), during an outage (every request refused until <see cref="OutageUntil"/>),
/// or the request in flight at once (<see cref="CutTheCallInFlight"/>, for a stream).
/// </summary>
public sealed class FaultInjectingHandler(HttpMessageHandler server) : DelegatingHandler(server)
{
    private int _requests;
    private int _delivered;
    private CancellationTokenSource _inFlight = new();

    /// <summary>The fault for the request with this number (from 1); none by default.</summary>
    public Func<int, Fault> Plan { get; set; } = _ => Fault.None;

    /// <summary>Until when (UTC) every request is refused, as by a server that is down.</summary>
    public DateTime OutageUntil { get; set; } = DateTime.MinValue;

    /// <summary>Requests that reached the server.</summary>
    public int Delivered => _delivered;

    /// <summary>Requests the client made, delivered or not.</summary>
    public int Requests => _requests;

    /// <summary>Breaks the connection of every request in flight now, as a proxy or network failure would mid-stream.</summary>
    public void CutTheCallInFlight()
    {
        var cut = Interlocked.Exchange(ref _inFlight, new CancellationTokenSource());
        cut.Cancel();
        cut.Dispose();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref _requests);
        if (DateTime.UtcNow < OutageUntil)
        {
            throw Refused();
        }
        var fault = Plan(number);
        if (fault == Fault.DropBeforeSend)
        {
            throw Refused();
        }
        Interlocked.Increment(ref _delivered);
        using var cut = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _inFlight.Token);
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cut.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw ConnectionReset();
        }
        if (cut.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The server answered the aborted request; over a cut connection that answer never arrives.
            response.Dispose();
            throw ConnectionReset();
        }
        switch (fault)
        {
            case Fault.DropAfterSend:
                await response.Content.ReadAsByteArrayAsync(cancellationToken); // the server has done its work
                response.Dispose();
                throw new HttpRequestException("The connection was reset (the test broke it).", new IOException("Connection reset by peer"));
            case Fault.BreakTheAnswer:
                await response.Content.ReadAsByteArrayAsync(cancellationToken);
                response.Content = new BrokenContent(response.Content);
                return response;
            case Fault.DelayPastTheDeadline:
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken); // ends when the client's deadline cancels the request
                return response;
            default:
                // A stream's answer keeps arriving after this returns: a cut breaks its body too.
                response.Content = new CuttableContent(response.Content, _inFlight.Token);
                return response;
        }
    }

    /// <summary>An answer whose body breaks, as over a dropped connection, once the test cuts the calls in flight.</summary>
    private sealed class CuttableContent : HttpContent
    {
        private readonly HttpContent _original;
        private readonly CancellationToken _cut;

        public CuttableContent(HttpContent original, CancellationToken cut)
        {
            _original = original;
            _cut = cut;
            foreach (var header in original.Headers)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            await (await CreateContentReadStreamAsync()).CopyToAsync(stream);

        protected override async Task<Stream> CreateContentReadStreamAsync() =>
            new CuttableStream(await _original.ReadAsStreamAsync(), _cut);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _original.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    private sealed class CuttableStream(Stream inner, CancellationToken cut) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }

        public override int Read(byte[] buffer, int offset, int count) =>
            cut.IsCancellationRequested ? throw Broken() : inner.Read(buffer, offset, count);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, cut);
            try
            {
                return cut.IsCancellationRequested ? throw Broken() : await inner.ReadAsync(buffer, linked.Token);
            }
            catch (OperationCanceledException) when (cut.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw Broken();
            }
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }

        private static IOException Broken() => new("The connection was reset (the test cut it).");
    }

    private static HttpRequestException ConnectionReset() =>
        new("The connection was reset (the test cut it).", new IOException("Connection reset by peer", new SocketException((int)SocketError.ConnectionReset)));

    private static HttpRequestException Refused() =>
        new("Connection refused (the test's outage).", new SocketException((int)SocketError.ConnectionRefused));

    /// <summary>An answer whose headers arrived but whose body breaks when it is read, as when the connection drops.</summary>
    private sealed class BrokenContent : HttpContent
    {
        public BrokenContent(HttpContent original)
        {
            foreach (var header in original.Headers)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            throw new IOException("The connection was closed while the answer was read (the test broke it).");

        protected override Task<Stream> CreateContentReadStreamAsync() =>
            Task.FromResult<Stream>(new BrokenStream());

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    private sealed class BrokenStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw Broken();
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromException<int>(Broken());
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromException<int>(Broken());
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private static IOException Broken() => new("The connection was closed while the answer was read (the test broke it).");
    }
}
