using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace CaseTracker.Client;

/// <summary>
/// What every call of the client gets: the caller's credentials (through <see cref="CallCredentials"/>, asked
/// for each attempt without blocking), a <c>request_id</c> on every change that stays the same across retries
/// (on a copy: the caller's message is never changed), and failures as <see cref="CaseTrackerException"/> —
/// or <see cref="OperationCanceledException"/> when the caller cancelled. Unary calls also get a deadline that
/// covers all their attempts and are retried within it as <see cref="RetrySchedule"/> says. Streams are not
/// retried here: <see cref="CaseTrackerClient.WatchAsync(long, CancellationToken, CaseTracker.V1.WatchCaseEventsRequest?, TimeSpan?)"/>
/// and <see cref="CaseTrackerClient.ImportPersonListAsync"/> resume them where they broke.
/// </summary>
/// <remarks>
/// gRPC's own retry policy (service config) is not used: it counts attempts instead of spending a deadline, cannot
/// tell a change carrying a <c>request_id</c> from one without, and does not retry once the deadline that covers
/// all its attempts has ended one of them.
/// </remarks>
internal sealed class ClientCallPolicy(CaseTrackerClientOptions options, CallCredentials? credentials, ILogger logger) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var sent = WithRequestId(request);
        var cancellationToken = context.Options.CancellationToken;
        var schedule = new RetrySchedule(options, CallKinds.Of(context.Method, sent), CallDeadline(context.Options));
        var headers = new TaskCompletionSource<Metadata>(TaskCreationOptions.RunContinuationsAsynchronously);
        AsyncUnaryCall<TResponse>? last = null;
        var response = CallWithRetriesAsync();
        return new AsyncUnaryCall<TResponse>(response, headers.Task, () => last?.GetStatus() ?? Status.DefaultSuccess,
            () => last?.GetTrailers() ?? [], () => last?.Dispose());

        async Task<TResponse> CallWithRetriesAsync()
        {
            while (true)
            {
                var call = continuation(sent, Attempt(context, schedule.AttemptDeadline(DateTime.UtcNow)));
                last = call;
                try
                {
                    var result = await call.ResponseAsync.ConfigureAwait(false);
                    headers.TrySetResult(await call.ResponseHeadersAsync.ConfigureAwait(false));
                    return result;
                }
                catch (RpcException error) when (!cancellationToken.IsCancellationRequested && schedule.DelayBeforeRetry(error, DateTime.UtcNow) is { } wait)
                {
                    call.Dispose();
                    ClientLog.Retrying(logger, context.Method.FullName, error.StatusCode, error.Reason(), schedule.Retries, wait);
                    await Backoff.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception error)
                {
                    var translated = ClientErrors.Translate(error, cancellationToken);
                    headers.TrySetException(translated);
                    _ = headers.Task.Exception; // observed here: a caller who only awaits the response is not told twice
                    if (ReferenceEquals(translated, error))
                    {
                        throw;
                    }
                    throw translated;
                }
            }
        }
    }

    /// <summary>The blocking form of a unary call gets the same credentials, deadline, request_id, retries and errors, and blocks only in gRPC's own wait.</summary>
    public override TResponse BlockingUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var sent = WithRequestId(request);
        var cancellationToken = context.Options.CancellationToken;
        var schedule = new RetrySchedule(options, CallKinds.Of(context.Method, sent), CallDeadline(context.Options));
        while (true)
        {
            try
            {
                return continuation(sent, Attempt(context, schedule.AttemptDeadline(DateTime.UtcNow)));
            }
            catch (RpcException error) when (!cancellationToken.IsCancellationRequested && schedule.DelayBeforeRetry(error, DateTime.UtcNow) is { } wait)
            {
                ClientLog.Retrying(logger, context.Method.FullName, error.StatusCode, error.Reason(), schedule.Retries, wait);
                if (cancellationToken.WaitHandle.WaitOne(wait))
                {
                    throw new OperationCanceledException("The caller cancelled while waiting to try again.", cancellationToken);
                }
            }
            catch (Exception error) when (ClientErrors.Translate(error, cancellationToken) is var translated && !ReferenceEquals(translated, error))
            {
                throw translated;
            }
        }
    }

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var cancellationToken = context.Options.CancellationToken;
        var call = continuation(Attempt(context, context.Options.Deadline));
        return new AsyncClientStreamingCall<TRequest, TResponse>(
            new TranslatingStreamWriter<TRequest>(call.RequestStream, cancellationToken),
            ClientErrors.Translated(call.ResponseAsync, cancellationToken),
            ClientErrors.Translated(call.ResponseHeadersAsync, cancellationToken),
            call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var cancellationToken = context.Options.CancellationToken;
        var call = continuation(WithRequestId(request), Attempt(context, context.Options.Deadline));
        return new AsyncServerStreamingCall<TResponse>(
            new TranslatingStreamReader<TResponse>(call.ResponseStream, cancellationToken),
            ClientErrors.Translated(call.ResponseHeadersAsync, cancellationToken),
            call.GetStatus, call.GetTrailers, call.Dispose);
    }

    /// <summary>The call's deadline: the caller's, or <see cref="CaseTrackerClientOptions.DefaultDeadline"/> from now.</summary>
    private DateTime CallDeadline(CallOptions callOptions) =>
        callOptions.Deadline is { } given && given != DateTime.MaxValue ? given.ToUniversalTime() : DateTime.UtcNow + options.DefaultDeadline;

    /// <summary>The options of one attempt: the caller's, with credentials unless the caller sent its own authorization, and this attempt's deadline.</summary>
    private ClientInterceptorContext<TRequest, TResponse> Attempt<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, DateTime? deadline)
        where TRequest : class
        where TResponse : class
    {
        var callOptions = context.Options;
        if (credentials is not null && callOptions.Credentials is null && callOptions.Headers?.Get("authorization") is null)
        {
            callOptions = callOptions.WithCredentials(credentials);
        }
        if (deadline is not null)
        {
            callOptions = callOptions.WithDeadline(deadline.Value);
        }
        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, callOptions);
    }

    /// <summary>
    /// The request to send: the caller's own when it needs no <c>request_id</c> or has one, otherwise a copy with a
    /// fresh UUID, sent unchanged by every retry. The caller's message is never changed, so it can be sent again as a new request.
    /// </summary>
    private static TRequest WithRequestId<TRequest>(TRequest request)
    {
        if (request is IMessage message && message.Descriptor.FindFieldByName("request_id") is { } field
            && field.Accessor.GetValue(message) is string { Length: 0 } && request is IDeepCloneable<TRequest> cloneable)
        {
            var copy = cloneable.Clone();
            field.Accessor.SetValue((IMessage)copy!, Guid.NewGuid().ToString());
            return copy;
        }
        return request;
    }
}
