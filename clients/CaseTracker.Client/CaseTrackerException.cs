using Google.Rpc;
using Grpc.Core;

namespace CaseTracker.Client;

/// <summary>
/// The one exception a <see cref="CaseTrackerClient"/> call fails with: the gRPC status plus CaseTracker's
/// machine-readable reason (<c>ErrorInfo.reason</c>), the bad fields of an INVALID_ARGUMENT, and the
/// server's suggested retry delay. It is an <see cref="RpcException"/>, so existing handlers keep working.
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
