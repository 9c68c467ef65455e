using System.Threading.RateLimiting;
using CaseTracker.Server.Rest;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Grpc;

/// <summary>
/// Bounds every authenticated call: a token bucket per caller (RESOURCE_EXHAUSTED with <c>RetryInfo</c>
/// when empty), a server-side maximum duration for every call, and a maximum length and duration for
/// server streams, which also end when the server stops. Runs after <see cref="AuthenticationInterceptor"/>, so
/// the bucket is the caller's.
/// </summary>
public sealed class LimitsInterceptor(
    CallerRateLimiter limiter, IOptions<LimitsOptions> options, TimeProvider clock, IHostApplicationLifetime lifetime) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (!IsCaseTracker(context))
        {
            return await continuation(request, context);
        }
        limiter.Admit(AuthenticationInterceptor.CallerOf(context));
        return await WithinAsync(continuation(request, context), options.Value.MaxCallDuration);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (!IsCaseTracker(context))
        {
            await continuation(request, responseStream, context);
            return;
        }
        limiter.Admit(AuthenticationInterceptor.CallerOf(context));
        var handlerContext = StoppingWithTheServer(context, RestTranscoding.IsTranscoded(context));
        var writer = new CountingStreamWriter<TResponse>(responseStream, options.Value.MaxStreamMessages, handlerContext);
        await WithinAsync(StreamAsync(), options.Value.MaxStreamDuration, lifetime.ApplicationStopping);

        async Task<bool> StreamAsync()
        {
            await continuation(request, writer, handlerContext);
            return true;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (!IsCaseTracker(context))
        {
            return await continuation(requestStream, context);
        }
        limiter.Admit(AuthenticationInterceptor.CallerOf(context));
        return await WithinAsync(continuation(requestStream, StoppingWithTheServer(context, transcoded: false)), options.Value.MaxStreamDuration, lifetime.ApplicationStopping);
    }

    /// <summary>
    /// An open stream would hold the host until its shutdown timeout: a stream ends when the server begins to
    /// stop, and its handler is told to stop too (an import then keeps what arrived). Token callbacks run last
    /// registered first, so the wait in <see cref="WithinAsync"/> has ended with SERVER_STOPPING before the
    /// handler hears of it and returns.
    /// </summary>
    private CancellableCallContext StoppingWithTheServer(ServerCallContext context, bool transcoded)
    {
        var handler = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        context.GetHttpContext().Response.RegisterForDispose(handler);
        return new CancellableCallContext(context, handler.Token, transcoded);
    }

    private static bool IsCaseTracker(ServerCallContext context) => context.Method.StartsWith("/casetracker.", StringComparison.Ordinal);

    /// <summary>
    /// Ends the call with DEADLINE_EXCEEDED once it has run for <paramref name="limit"/>, whatever deadline the
    /// client set. As with any deadline, the outcome of a change is then unknown to the caller: a retry with
    /// the same request_id is safe. The abandoned handler is cancelled when the call ends. A server stream also
    /// ends, UNAVAILABLE with reason SERVER_STOPPING, once <paramref name="stopping"/> is cancelled.
    /// </summary>
    private async Task<T> WithinAsync<T>(Task<T> call, TimeSpan limit, CancellationToken stopping = default)
    {
        // The call observes the client's own cancellation; only the server's limits are added here.
        try
        {
            return await call.WaitAsync(limit, clock, stopping);
        }
        catch (TimeoutException)
        {
            _ = call.ContinueWith(static t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
            throw new ApiException(StatusCode.DeadlineExceeded, ErrorReasons.DeadlineExceeded,
                $"The call ran longer than the server allows ({limit}); retry with the same request_id to learn its outcome.");
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            _ = call.ContinueWith(static t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
            throw new ApiException(StatusCode.Unavailable, ErrorReasons.ServerStopping,
                "The server is stopping; reconnect, to another node or to this one once it is back. Resume the change feed with after_sequence = the last sequence received; start a download again; send an import again with the same import_id, and only what was not stored yet is stored.");
        }
    }
}

/// <summary>One token bucket per caller (party and user ID).</summary>
public sealed class CallerRateLimiter(IOptions<LimitsOptions> options) : IDisposable
{
    private static readonly System.Diagnostics.Metrics.Counter<long> Refusals = new System.Diagnostics.Metrics.Meter(CallMetricsInterceptor.MeterName)
        .CreateCounter<long>("casetracker.rate_limit.refusals", "{call}", "Calls refused because the caller's token bucket was empty, by party.");

    private readonly PartitionedRateLimiter<string> _buckets = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Value.Burst,
            TokensPerPeriod = options.Value.RequestsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public void Admit(Cases.Actor caller)
    {
        using var lease = _buckets.AttemptAcquire($"{caller.Party}:{caller.Id}");
        if (lease.IsAcquired)
        {
            return;
        }
        Refusals.Add(1, new KeyValuePair<string, object?>("casetracker.party", caller.Party.ToString()));
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
        throw new ApiException(StatusCode.ResourceExhausted, ErrorReasons.RateLimited,
            $"Too many calls from this caller: the limit is {options.Value.RequestsPerSecond}/s with bursts of {options.Value.Burst}; retry after {retryAfter.TotalSeconds:0.###} s.")
        {
            RetryAfter = retryAfter,
        };
    }

    public void Dispose() => _buckets.Dispose();
}

/// <summary>
/// Ends a server stream with RESOURCE_EXHAUSTED once it has sent its maximum number of messages. Its write options
/// are the call context's, as grpc-dotnet's own writer's are.
/// </summary>
internal sealed class CountingStreamWriter<T>(IServerStreamWriter<T> inner, int maxMessages, CancellableCallContext context) : IServerStreamWriter<T>
{
    private int _sent;

    public WriteOptions? WriteOptions
    {
        get => context.WriteOptions;
        set => context.WriteOptions = value;
    }

    public Task WriteAsync(T message) => WriteAsync(message, CancellationToken.None);

    public Task WriteAsync(T message, CancellationToken cancellationToken)
    {
        if (++_sent > maxMessages)
        {
            throw new ApiException(StatusCode.ResourceExhausted, ErrorReasons.StreamLimitReached,
                $"This stream has sent its maximum of {maxMessages} messages; resume from the last one received.");
        }
        return inner.WriteAsync(message, cancellationToken);
    }
}

/// <summary>
/// The call's context with a cancellation token of the server's own, which also fires when the client's does.
/// Under JSON transcoding its write options stay here and are not passed on: the transcoding context throws on them,
/// and the transcoding writer flushes each message as it comes, so there is nothing for a buffer hint to change.
/// </summary>
internal sealed class CancellableCallContext : ServerCallContext
{
    // Where grpc-dotnet's GetHttpContext() looks for the HttpContext of a context that is not its own.
    private const string HttpContextKey = "__HttpContext";

    private readonly ServerCallContext _inner;
    private readonly CancellationToken _cancellationToken;
    private readonly bool _transcoded;
    private WriteOptions? _transcodedWriteOptions;

    public CancellableCallContext(ServerCallContext inner, CancellationToken cancellationToken, bool transcoded)
    {
        _inner = inner;
        _cancellationToken = cancellationToken;
        _transcoded = transcoded;
        inner.UserState.TryAdd(HttpContextKey, inner.GetHttpContext());
    }

    protected override string MethodCore => _inner.Method;

    protected override string HostCore => _inner.Host;

    protected override string PeerCore => _inner.Peer;

    protected override DateTime DeadlineCore => _inner.Deadline;

    protected override Metadata RequestHeadersCore => _inner.RequestHeaders;

    protected override CancellationToken CancellationTokenCore => _cancellationToken;

    protected override Metadata ResponseTrailersCore => _inner.ResponseTrailers;

    protected override Status StatusCore
    {
        get => _inner.Status;
        set => _inner.Status = value;
    }

    protected override WriteOptions? WriteOptionsCore
    {
        get => _transcoded ? _transcodedWriteOptions : _inner.WriteOptions;
        set
        {
            if (_transcoded)
            {
                _transcodedWriteOptions = value;
            }
            else
            {
                _inner.WriteOptions = value;
            }
        }
    }

    protected override AuthContext AuthContextCore => _inner.AuthContext;

    protected override IDictionary<object, object> UserStateCore => _inner.UserState;

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => _inner.CreatePropagationToken(options);

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => _inner.WriteResponseHeadersAsync(responseHeaders);
}
