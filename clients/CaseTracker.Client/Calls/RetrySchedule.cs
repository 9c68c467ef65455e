namespace CaseTracker.Client;

/// <summary>
/// The retries of one unary call: within its deadline (which covers every attempt and every wait), a failure is
/// tried again when it may not recur and repeating the call is safe — UNAVAILABLE, a dropped connection or an
/// attempt that ran out of time, for reads and for changes carrying a <c>request_id</c> — after a jittered
/// exponential backoff; a refusal by the rate limiter after the delay the server asked for. Nothing else is retried.
/// </summary>
internal sealed class RetrySchedule(CaseTrackerClientOptions options, CallKind kind, DateTime deadline)
{
    private TimeSpan _backoff = options.InitialBackoff;

    /// <summary>When the whole call, every attempt included, has to be over (UTC).</summary>
    public DateTime Deadline => deadline;

    /// <summary>How many retries were made.</summary>
    public int Retries { get; private set; }

    /// <summary>
    /// The deadline of an attempt starting <paramref name="now"/>: the call's, or sooner with <see cref="CaseTrackerClientOptions.AttemptTimeout"/>
    /// when a timed-out attempt would be tried again (a change without a <c>request_id</c> is not, so it keeps the whole deadline).
    /// </summary>
    public DateTime AttemptDeadline(DateTime now) =>
        kind != CallKind.OtherChange && options.AttemptTimeout is { } timeout && now + timeout < deadline ? now + timeout : deadline;

    /// <summary>How long to wait before trying again after <paramref name="error"/>, or null when the call has failed.</summary>
    public TimeSpan? DelayBeforeRetry(Grpc.Core.RpcException error, DateTime now)
    {
        if (options.MaxRetries is { } most && Retries >= most)
        {
            return null;
        }
        TimeSpan wait;
        if (Failures.IsRateLimited(error))
        {
            wait = Failures.RetryDelay(error) ?? NextBackoff();
        }
        else if (kind != CallKind.OtherChange && Failures.IsTransient(error))
        {
            wait = NextBackoff();
        }
        else
        {
            return null;
        }
        if (now + wait >= deadline)
        {
            // No time would be left for another attempt: fail now with what the server said, rather than wait for nothing.
            return null;
        }
        Retries++;
        return wait;
    }

    private TimeSpan NextBackoff()
    {
        var wait = Backoff.Jittered(_backoff);
        _backoff = Backoff.Grow(_backoff, options.MaxBackoff);
        return wait;
    }
}

/// <summary>Exponential backoff with jitter, shared by retries, reconnects and resumed imports.</summary>
internal static class Backoff
{
    /// <summary>Between half and one and a half times <paramref name="backoff"/>, so clients that failed together do not come back together.</summary>
    public static TimeSpan Jittered(TimeSpan backoff) => backoff * (0.5 + Random.Shared.NextDouble());

    /// <summary>Twice <paramref name="backoff"/>, at most <paramref name="max"/>.</summary>
    public static TimeSpan Grow(TimeSpan backoff, TimeSpan max) => backoff * 2 < max ? backoff * 2 : max;

    /// <summary>Waits <paramref name="delay"/>; the caller's cancellation ends the wait with an <see cref="OperationCanceledException"/>.</summary>
    public static async Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
        catch (TaskCanceledException cancelled)
        {
            throw new OperationCanceledException("The caller cancelled while waiting to try again.", cancelled, cancellationToken);
        }
    }
}
