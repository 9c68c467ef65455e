using Grpc.Core;

namespace CaseTracker.Server.Grpc;

/// <summary>How every server stream writes: one message at a time, ending the stream when the consumer stops taking them.</summary>
public static class StreamWrites
{
    /// <summary>
    /// Writes one message, or ends the stream with RESOURCE_EXHAUSTED (<c>CONSUMER_TOO_SLOW</c>) if the consumer has not
    /// taken it within <paramref name="limit"/> (<c>Limits:StreamWriteTimeout</c>).
    /// </summary>
    public static async Task WriteWithinAsync<T>(this IServerStreamWriter<T> stream, T message, TimeSpan limit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var write = stream.WriteAsync(message, cancellationToken);
        if (write.IsCompleted)
        {
            await write; // the usual case: the transport took it at once, no timer needed
            return;
        }
        if (await Task.WhenAny(write, Task.Delay(limit, clock, cancellationToken)) != write)
        {
            throw new ApiException(StatusCode.ResourceExhausted, ErrorReasons.ConsumerTooSlow,
                $"The consumer took no message for {limit}; the stream ends here. Resume after the last sequence received.");
        }
        await write;
    }
}
