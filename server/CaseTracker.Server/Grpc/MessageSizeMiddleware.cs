using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Grpc;

/// <summary>
/// Refuses a request message longer than <see cref="LimitsOptions.MaxReceiveMessageBytes"/> from its 5-byte gRPC
/// frame header, before grpc-dotnet reads it: RESOURCE_EXHAUSTED with reason MESSAGE_TOO_LARGE. grpc-dotnet's own
/// check answers without a reason, and a length of 2^31 or more fails inside its reader and would reach the
/// client as UNKNOWN. Every frame of a client stream is checked, not only the first.
/// </summary>
public sealed class MessageSizeMiddleware(RequestDelegate next, IOptions<LimitsOptions> limits)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) != true)
        {
            await next(context);
            return;
        }
        var body = new FrameLengthCheckingReader(context.Request.BodyReader, limits.Value.MaxReceiveMessageBytes);
        context.Features.Set<IRequestBodyPipeFeature>(new RequestBody(body));
        await next(context);
        GiveInflatedOversizeItsReason(context);
    }

    /// <summary>
    /// A compressed message passes the length check and only grows past the limit as grpc-dotnet inflates it,
    /// which then answers RESOURCE_EXHAUSTED with no reason: the answer gets the same reason and wording as any
    /// oversized message.
    /// </summary>
    private void GiveInflatedOversizeItsReason(HttpContext context)
    {
        // Refused before any message, the status travels in the headers ("trailers-only"); otherwise in the trailers.
        var status = !context.Response.HasStarted && context.Response.Headers.ContainsKey("grpc-status")
            ? context.Response.Headers
            : context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers;
        if (status is null || status.IsReadOnly || status["grpc-status"] != "8" || status.ContainsKey("grpc-status-details-bin")
            || !Uri.UnescapeDataString(status["grpc-message"].ToString()).StartsWith("Received message exceeds", StringComparison.Ordinal))
        {
            return;
        }
        var max = limits.Value.MaxReceiveMessageBytes;
        var refusal = ErrorInterceptor.Build(StatusCode.ResourceExhausted, ErrorReasons.MessageTooLarge,
            $"The request message, once decompressed, is larger than the {max} bytes the server accepts (Limits:MaxReceiveMessageBytes). "
            + "Send less in one message: shorter free text, or a list split into more messages.",
            new Dictionary<string, string> { ["limit_bytes"] = $"{max}" });
        status["grpc-message"] = Uri.EscapeDataString(refusal.Status.Detail);
        status["grpc-status-details-bin"] = Convert.ToBase64String(refusal.Trailers.GetValueBytes("grpc-status-details-bin")!);
    }

    private sealed class RequestBody(PipeReader reader) : IRequestBodyPipeFeature
    {
        public PipeReader Reader { get; } = reader;
    }
}

/// <summary>Reads the request body as it is, checking the length prefix of each gRPC frame as it arrives.</summary>
internal sealed class FrameLengthCheckingReader(PipeReader inner, int maxMessageBytes) : PipeReader
{
    private const int HeaderLength = 5;

    private ReadOnlySequence<byte> _buffer;
    private long _consumed;   // body offset of _buffer's start
    private long _nextHeader; // body offset of the next frame's header

    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var result = await inner.ReadAsync(cancellationToken);
        Check(result.Buffer);
        return result;
    }

    public override bool TryRead(out ReadResult result)
    {
        if (!inner.TryRead(out result))
        {
            return false;
        }
        Check(result.Buffer);
        return true;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        _consumed += _buffer.Slice(0, consumed).Length;
        inner.AdvanceTo(consumed, examined);
    }

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    private void Check(ReadOnlySequence<byte> buffer)
    {
        _buffer = buffer;
        Span<byte> header = stackalloc byte[HeaderLength];
        while (_nextHeader + HeaderLength <= _consumed + buffer.Length)
        {
            buffer.Slice(_nextHeader - _consumed, HeaderLength).CopyTo(header);
            // One compression flag byte, then the message length: unsigned, big-endian.
            var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
            if (length > maxMessageBytes)
            {
                throw ErrorInterceptor.Build(StatusCode.ResourceExhausted, ErrorReasons.MessageTooLarge,
                    $"The request message is {length} bytes; the server accepts at most {maxMessageBytes} (Limits:MaxReceiveMessageBytes). "
                    + "Send less in one message: shorter free text, or a list split into more messages.",
                    new Dictionary<string, string> { ["size_bytes"] = $"{length}", ["limit_bytes"] = $"{maxMessageBytes}" });
            }
            _nextHeader += HeaderLength + length;
        }
    }
}
