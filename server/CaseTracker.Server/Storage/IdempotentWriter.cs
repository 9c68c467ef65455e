using System.Security.Cryptography;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Grpc;
using Google.Protobuf;
using Grpc.Core;

namespace CaseTracker.Server.Storage;

/// <summary>
/// Runs a mutation through the <see cref="BatchingWriter"/> so that the change, its event and the record of
/// its <c>request_id</c> commit together. A retry with the same id gets the stored original response. The
/// check runs inside the writer, which runs one mutation at a time, so 50 simultaneous duplicates still make
/// exactly one change; it is not repeated outside it, because the client library gives every mutation a
/// request_id and a first attempt — the common case — would pay for a lookup that finds nothing.
/// </summary>
public sealed class IdempotentWriter(BatchingWriter writer)
{
    public async Task<TResponse> RunAsync<TResponse>(
        Actor caller, string method, IMessage request, string requestId,
        Func<WriteSession, Task<TResponse>> work, CancellationToken cancellationToken, string? caseId = null)
        where TResponse : IMessage<TResponse>, new()
    {
        if (requestId.Length == 0)
        {
            return await writer.WriteAsync(work, cancellationToken, new WriteHints(caseId, null));
        }
        var callerKey = $"{caller.Party}:{caller.Id}";
        var requestHash = Convert.ToHexStringLower(SHA256.HashData(request.ToByteArray()));

        return await writer.WriteAsync(async session =>
        {
            var earlier = await session.FindRequestAsync(callerKey, requestId);
            if (earlier is not null)
            {
                return Replay<TResponse>(earlier, method, requestHash);
            }
            var response = await work(session);
            session.RecordRequest(new RequestRecord(callerKey, requestId, method, requestHash, response.ToByteArray(), session.Now));
            return response;
        }, cancellationToken, new WriteHints(caseId, requestId));
    }

    private static TResponse Replay<TResponse>(RequestRecord earlier, string method, string requestHash)
        where TResponse : IMessage<TResponse>, new()
    {
        if (earlier.Method != method || earlier.RequestHash != requestHash)
        {
            throw new ApiException(StatusCode.InvalidArgument, ErrorReasons.RequestIdReused,
                "This request_id was already used for a different request; use a new request_id for a new request.",
                [new FieldViolation("request_id", "already used for a different request")],
                new Dictionary<string, string> { ["original_method"] = earlier.Method });
        }
        var parser = new MessageParser<TResponse>(() => new TResponse());
        return parser.ParseFrom(earlier.Response);
    }
}
