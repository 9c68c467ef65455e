namespace CaseTracker.Server.Storage;

/// <summary>
/// The first response to a caller's <c>request_id</c>, kept so that a retry gets the same answer instead of
/// a second change. Written in the same transaction as the change it answers.
/// </summary>
public sealed class RequestRecord
{
    private RequestRecord()
    {
        CallerKey = RequestId = Method = RequestHash = string.Empty;
        Response = [];
    }

    public RequestRecord(string callerKey, string requestId, string method, string requestHash, byte[] response, DateTime createTime)
    {
        CallerKey = callerKey;
        RequestId = requestId;
        Method = method;
        RequestHash = requestHash;
        Response = response;
        CreateTime = createTime;
    }

    /// <summary>The caller's party, role and ID (<see cref="IdempotentWriter.CallerKey"/>): request ids are scoped to one caller in one role.</summary>
    public string CallerKey { get; private init; }

    public string RequestId { get; private init; }

    /// <summary>The full gRPC method name the request was sent to.</summary>
    public string Method { get; private init; }

    /// <summary>SHA-256 of the request message, to refuse the same id reused for a different request.</summary>
    public string RequestHash { get; private init; }

    /// <summary>The protobuf encoding of the original response.</summary>
    public byte[] Response { get; private init; }

    public DateTime CreateTime { get; private init; }
}
