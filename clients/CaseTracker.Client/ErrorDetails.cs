using Google.Rpc;
using Grpc.Core;

namespace CaseTracker.Client;

/// <summary>Reads the machine-readable details CaseTracker puts on every error.</summary>
public static class ErrorDetails
{
    /// <summary>The stable <c>ErrorInfo.reason</c> of a failed call, such as <c>ETAG_MISMATCH</c>; null if it has none.</summary>
    /// <param name="error">The exception the call threw.</param>
    public static string? Reason(this RpcException error) =>
        error.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason;

    /// <summary>The bad fields of an INVALID_ARGUMENT error (<c>google.rpc.BadRequest</c>), empty if there are none.</summary>
    /// <param name="error">The exception the call threw.</param>
    public static IReadOnlyList<BadRequest.Types.FieldViolation> FieldViolations(this RpcException error) =>
        error.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.ToList() ?? [];
}
