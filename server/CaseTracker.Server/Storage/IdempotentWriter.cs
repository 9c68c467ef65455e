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
/// <remarks>
/// A request id belongs to one caller in one role: the record is keyed by party, role and user ID, so the same
/// person calling in another role never gets an answer given to the first. The stored answer is kept as it was
/// given; a replay hands it to the method's <c>replay</c> step, which checks the caller's relation to the case
/// again and withholds what the caller may not see now, as a fresh call would. Records kept before the key held
/// the role (<c>{party}:{id}</c>) are never replayed: nobody knows which role they answered, so a request id met
/// there is refused like one reused for another request.
/// </remarks>
public sealed class IdempotentWriter(BatchingWriter writer)
{
    /// <summary>
    /// Runs a mutation whose answer may be replayed as stored: it carries no subject data, and every check of the
    /// caller runs before the writer (the role as the call arrives, a list's party before <paramref name="work"/>).
    /// </summary>
    public Task<TResponse> RunAsync<TResponse>(
        Actor caller, string method, IMessage request, string requestId,
        Func<WriteSession, Task<TResponse>> work, CancellationToken cancellationToken, string? caseId = null)
        where TResponse : IMessage<TResponse>, new() =>
        RunAsync(caller, method, request, requestId, work, (_, stored) => Task.FromResult(stored), cancellationToken, caseId);

    /// <summary>
    /// Runs a mutation; a replay of it passes the stored answer through <paramref name="replay"/>, which checks the
    /// caller again and returns what the caller may be given now (or throws as a fresh call would).
    /// </summary>
    public async Task<TResponse> RunAsync<TResponse>(
        Actor caller, string method, IMessage request, string requestId,
        Func<WriteSession, Task<TResponse>> work, Func<WriteSession, TResponse, Task<TResponse>> replay,
        CancellationToken cancellationToken, string? caseId = null)
        where TResponse : IMessage<TResponse>, new()
    {
        if (requestId.Length == 0)
        {
            return await writer.WriteAsync(work, cancellationToken, new WriteHints(caseId, null));
        }
        var callerKey = CallerKey(caller);
        var requestHash = Convert.ToHexStringLower(SHA256.HashData(request.ToByteArray()));

        return await writer.WriteAsync(async session =>
        {
            var earlier = await session.FindRequestAsync(callerKey, requestId);
            if (earlier is not null)
            {
                return await replay(session, Stored<TResponse>(earlier, method, requestHash));
            }
            if (await session.FindRequestAsync(KeyWithoutRole(caller), requestId) is { } withoutRole)
            {
                throw RecordedWithoutRole(withoutRole);
            }
            var response = await work(session);
            session.RecordRequest(new RequestRecord(callerKey, requestId, method, requestHash, response.ToByteArray(), session.Now));
            return response;
        }, cancellationToken, new WriteHints(caseId, requestId, [callerKey, KeyWithoutRole(caller)]));
    }

    /// <summary>Request ids are scoped to one caller in one role: <c>{party}/{role}:{id}</c>.</summary>
    public static string CallerKey(Actor caller) => $"{caller.Party}/{caller.Role}:{caller.Id}";

    /// <summary>The key earlier versions kept, without the role; never written any more.</summary>
    private static string KeyWithoutRole(Actor caller) => $"{caller.Party}:{caller.Id}";

    private static TResponse Stored<TResponse>(RequestRecord earlier, string method, string requestHash)
        where TResponse : IMessage<TResponse>, new()
    {
        if (earlier.Method != method || earlier.RequestHash != requestHash)
        {
            throw Reused(earlier, "already used for a different request",
                "This request_id was already used for a different request; use a new request_id for a new request.");
        }
        var parser = new MessageParser<TResponse>(() => new TResponse());
        return parser.ParseFrom(earlier.Response);
    }

    private static ApiException RecordedWithoutRole(RequestRecord earlier) => Reused(earlier, "recorded by an earlier server version without the caller's role",
        "This request_id was recorded by an earlier version of the server, which did not keep the caller's role, so its "
        + "answer is not replayed: read the case to see whether the change was made, and use a new request_id for a new request.");

    private static ApiException Reused(RequestRecord earlier, string violation, string message) =>
        new(StatusCode.InvalidArgument, ErrorReasons.RequestIdReused, message,
            [new FieldViolation("request_id", violation)],
            new Dictionary<string, string> { ["original_method"] = earlier.Method });
}
