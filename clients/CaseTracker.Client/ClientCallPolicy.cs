using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace CaseTracker.Client;

/// <summary>
/// What every unary call of the client gets: the caller's credentials, a default deadline, a
/// <c>request_id</c> on every mutation that stays the same across retries, retries with backoff on
/// UNAVAILABLE, and failures as <see cref="CaseTrackerException"/>.
/// </summary>
internal sealed class ClientCallPolicy(CaseTrackerClientOptions options) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        if (request is IMessage message)
        {
            EnsureRequestId(message);
        }
        var headers = new TaskCompletionSource<Metadata>(TaskCreationOptions.RunContinuationsAsynchronously);
        AsyncUnaryCall<TResponse>? last = null;
        var response = CallWithRetriesAsync();
        return new AsyncUnaryCall<TResponse>(response, headers.Task, () => last?.GetStatus() ?? Status.DefaultSuccess,
            () => last?.GetTrailers() ?? [], () => last?.Dispose());

        async Task<TResponse> CallWithRetriesAsync()
        {
            var backoff = options.InitialBackoff;
            for (var attempt = 0; ; attempt++)
            {
                var call = continuation(request, await WithCredentialsAsync(context));
                last = call;
                try
                {
                    var result = await call.ResponseAsync.ConfigureAwait(false);
                    headers.TrySetResult(await call.ResponseHeadersAsync.ConfigureAwait(false));
                    return result;
                }
                catch (RpcException error) when (error.StatusCode == StatusCode.Unavailable && attempt < options.MaxRetries)
                {
                    call.Dispose();
                    await Task.Delay(Jittered(backoff), context.Options.CancellationToken).ConfigureAwait(false);
                    backoff *= 2;
                }
                catch (RpcException error) when (error is not CaseTrackerException)
                {
                    headers.TrySetResult([]);
                    throw new CaseTrackerException(error);
                }
            }
        }
    }

    /// <summary>The blocking form of a unary call gets the same credentials, deadline, request_id, retries and errors.</summary>
    public override TResponse BlockingUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        if (request is IMessage message)
        {
            EnsureRequestId(message);
        }
        var backoff = options.InitialBackoff;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return continuation(request, WithCredentialsAsync(context).AsTask().GetAwaiter().GetResult());
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.Unavailable && attempt < options.MaxRetries)
            {
                Thread.Sleep(Jittered(backoff));
                backoff *= 2;
            }
            catch (RpcException error) when (error is not CaseTrackerException)
            {
                throw new CaseTrackerException(error);
            }
        }
    }

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(WithCredentialsAsync(context).AsTask().GetAwaiter().GetResult());

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithCredentialsAsync(context).AsTask().GetAwaiter().GetResult());

    private async ValueTask<ClientInterceptorContext<TRequest, TResponse>> WithCredentialsAsync<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class
        where TResponse : class
    {
        var callOptions = context.Options;
        var headers = new Metadata();
        foreach (var entry in callOptions.Headers ?? [])
        {
            headers.Add(entry);
        }
        if (options.TokenProvider is not null && headers.Get("authorization") is null)
        {
            headers.Add("authorization", "Bearer " + await options.TokenProvider(callOptions.CancellationToken).ConfigureAwait(false));
        }
        callOptions = callOptions.WithHeaders(headers);
        if (callOptions.Deadline is null && context.Method.Type == MethodType.Unary)
        {
            callOptions = callOptions.WithDeadline(DateTime.UtcNow + options.DefaultDeadline);
        }
        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, callOptions);
    }

    /// <summary>Sets a fresh UUID in an empty <c>request_id</c>; the same message keeps it for every retry.</summary>
    private static void EnsureRequestId(IMessage message)
    {
        var field = message.Descriptor.FindFieldByName("request_id");
        if (field is not null && field.Accessor.GetValue(message) is string { Length: 0 })
        {
            field.Accessor.SetValue(message, Guid.NewGuid().ToString());
        }
    }

    private static TimeSpan Jittered(TimeSpan backoff) => backoff * (0.5 + Random.Shared.NextDouble());
}
