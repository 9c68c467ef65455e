using Grpc.Core;

namespace CaseTracker.Client;

/// <summary>Sorts a failed attempt into what may be tried again.</summary>
internal static class Failures
{
    /// <summary>The reason of a refusal by the rate limiter: nothing was done, and <c>RetryInfo</c> says when to come back.</summary>
    public const string RateLimited = "RATE_LIMITED";

    /// <summary>
    /// The connection failed rather than the server answering: the status was made on this side from a
    /// transport exception (a refused or dropped connection, a reset stream), not read from the server's trailers.
    /// gRPC reports such a drop as UNAVAILABLE, INTERNAL or UNKNOWN depending on when it happens.
    /// </summary>
    public static bool IsTransportDrop(RpcException error) =>
        error.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown
        && error.Status.DebugException is not null and not RpcException
        && error.Reason() is null;

    /// <summary>A failure that another attempt may not meet: the server or the path to it was unavailable, or the attempt ran out of time.</summary>
    public static bool IsTransient(RpcException error) =>
        error.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded || IsTransportDrop(error);

    /// <summary>The server refused the call before doing anything because the caller sent too much too fast.</summary>
    public static bool IsRateLimited(RpcException error) =>
        error.StatusCode == StatusCode.ResourceExhausted && error.Reason() == RateLimited;

    /// <summary>The delay the server asked for in its <c>RetryInfo</c>, if it gave one.</summary>
    public static TimeSpan? RetryDelay(RpcException error) =>
        error.GetRpcStatus()?.GetDetail<Google.Rpc.RetryInfo>()?.RetryDelay?.ToTimeSpan();
}
