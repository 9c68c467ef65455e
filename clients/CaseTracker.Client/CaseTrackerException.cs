using Google.Rpc;
using Grpc.Core;

namespace CaseTracker.Client;

/// <summary>
/// The one exception a <see cref="CaseTrackerClient"/> call fails with: the gRPC status plus CaseTracker's
/// machine-readable reason (<c>ErrorInfo.reason</c>), the bad fields of an INVALID_ARGUMENT, and the
/// server's suggested retry delay. It is an <see cref="RpcException"/>, so existing handlers keep working.
/// Every call, stream, import and download of the client fails with it, except when the caller cancels: that is
/// an <see cref="OperationCanceledException"/> carrying the caller's token.
/// </summary>
public sealed class CaseTrackerException : RpcException
{
    /// <summary>Wraps a failed call's exception.</summary>
    /// <param name="error">The exception the call failed with.</param>
    public CaseTrackerException(RpcException error)
        : base(error?.Status ?? throw new ArgumentNullException(nameof(error)), error.Trailers, error.Message)
    {
        Reason = error.Reason();
        FieldViolations = error.FieldViolations().Select(v => new FieldViolation(v.Field, v.Description)).ToList();
        RetryDelay = error.GetRpcStatus()?.GetDetail<RetryInfo>()?.RetryDelay?.ToTimeSpan();
    }

    /// <summary>A failure found on this side (a download that does not match what the server announced), in the same shape as the server's.</summary>
    internal static CaseTrackerException OnClient(StatusCode code, string reason, string message) =>
        new(new Google.Rpc.Status
        {
            Code = (int)code,
            Message = message,
            Details = { Google.Protobuf.WellKnownTypes.Any.Pack(new ErrorInfo { Reason = reason, Domain = ClientDomain }) },
        }.ToRpcException());

    /// <summary>The <c>ErrorInfo.domain</c> of failures the client finds itself rather than the server (<see cref="DownloadMismatch"/>).</summary>
    public const string ClientDomain = "casetracker.client";

    /// <summary>The reason of a DATA_LOSS failure: a downloaded file's size or SHA-256 is not what the server announced (the file was deleted).</summary>
    public const string DownloadMismatch = "DOWNLOAD_MISMATCH";

    /// <summary>The reason of an UNAVAILABLE failure of a watch that gave up (<see cref="WatchOptions.GiveUpAfter"/>) while the server kept ending the feed without an error.</summary>
    public const string FeedUnavailable = "FEED_UNAVAILABLE";

    /// <summary>The stable reason, such as <c>ETAG_MISMATCH</c> or <c>CASE_NOT_IN_RESOLUTION</c>; null if the server gave none.</summary>
    public string? Reason { get; }

    /// <summary>Every bad field of an INVALID_ARGUMENT, empty otherwise.</summary>
    public IReadOnlyList<FieldViolation> FieldViolations { get; }

    /// <summary>How long the server asks the caller to wait before retrying (rate limits), if it said.</summary>
    public TimeSpan? RetryDelay { get; }
}

/// <summary>One bad field of a request.</summary>
/// <param name="Field">The field's path in the request, for example <c>case.subject.date_of_birth</c>.</param>
/// <param name="Description">What is wrong with it.</param>
public sealed record FieldViolation(string Field, string Description);
