using CaseTracker.Server.Storage;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Grpc;

/// <summary>
/// The one place where exceptions become statuses. Every refusal reaches the client as a
/// <c>google.rpc.Status</c> with <c>ErrorInfo</c>; nothing reaches it as UNKNOWN.
/// </summary>
public sealed class ErrorInterceptor(ILogger<ErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception error) when (error is not RpcException)
        {
            throw ToRpcException(error, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception error) when (error is not RpcException)
        {
            throw ToRpcException(error, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception error) when (error is not RpcException)
        {
            throw ToRpcException(error, context);
        }
    }

    private RpcException ToRpcException(Exception error, ServerCallContext context) => error switch
    {
        ApiException api => Build(api.Code, api.Reason, api.Message, api.Metadata, api.Violations, api.RetryAfter),
        RuleException rule => Build(StatusOf(rule.Kind), rule.Reason, rule.Message, rule.Metadata, rule.Violations),
        DbUpdateConcurrencyException => Build(StatusCode.Aborted, ErrorReasons.ConcurrentModification,
            "The case changed while this change was being made; read it again and retry."),
        StorageUnavailableException => Build(StatusCode.Unavailable, ErrorReasons.StorageUnavailable, error.Message),
        CommitOutcomeUnknownException => Build(StatusCode.Unavailable, ErrorReasons.CommitOutcomeUnknown, error.Message),
        OperationCanceledException when context.CancellationToken.IsCancellationRequested =>
            Build(StatusCode.Cancelled, ErrorReasons.Cancelled, "The call was cancelled or its deadline passed."),
        _ => Unexpected(error, context),
    };

    /// <summary>The status of a refusal of this kind; also the code of a refused record in a bulk action's results.</summary>
    public static StatusCode StatusOf(RefusalKind kind) => kind switch
    {
        RefusalKind.NotFound => StatusCode.NotFound,
        RefusalKind.BadInput => StatusCode.InvalidArgument,
        RefusalKind.Unidentified => StatusCode.Unauthenticated,
        RefusalKind.Denied => StatusCode.PermissionDenied,
        RefusalKind.Exhausted => StatusCode.ResourceExhausted,
        _ => StatusCode.FailedPrecondition,
    };

    private RpcException Unexpected(Exception error, ServerCallContext context)
    {
        // The exception type and stack only: messages of storage exceptions can quote values, and values
        // can be personal data.
        logger.LogError("Unhandled {ExceptionType} in {Method}: {StackTrace}", error.GetType().FullName, context.Method, error.StackTrace);
        return Build(StatusCode.Internal, ErrorReasons.Internal, "An internal error occurred; the change, if any, was not applied.");
    }

    public static RpcException Build(
        StatusCode code, string reason, string message,
        IReadOnlyDictionary<string, string>? metadata = null,
        IReadOnlyList<FieldViolation>? violations = null,
        TimeSpan? retryAfter = null)
    {
        var info = new ErrorInfo { Reason = reason, Domain = ErrorReasons.Domain };
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            info.Metadata[key] = value;
        }
        var status = new Google.Rpc.Status { Code = (int)code, Message = message, Details = { Any.Pack(info) } };
        if (violations is { Count: > 0 })
        {
            var badRequest = new BadRequest();
            badRequest.FieldViolations.AddRange(violations.Select(v =>
                new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
            status.Details.Add(Any.Pack(badRequest));
        }
        if (retryAfter is { } delay)
        {
            status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(delay) }));
        }
        return status.ToRpcException();
    }
}
