using System.Runtime.CompilerServices;
using CaseTracker.V1;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace CaseTracker.Client;

/// <summary>
/// Follows WatchCaseEvents across broken streams: resumes after the last sequence received, waits a jittered
/// delay that grows while reconnects keep failing (and starts again from the first once a stream worked), tells
/// the caller and the log of each reconnect, and gives up when asked to after a time without a working stream.
/// </summary>
internal sealed class ChangeFeedFollower(CaseService.CaseServiceClient cases, WatchOptions options, ILogger logger)
{
    private static readonly string[] ResumableExhaustion = ["STREAM_LIMIT_REACHED", "CONSUMER_TOO_SLOW", Failures.RateLimited];

    public async IAsyncEnumerable<CaseEvent> FollowAsync(long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var position = afterSequence;
        var delay = options.InitialReconnectDelay;
        var attempt = 0;
        var lastWorked = DateTime.UtcNow;
        var filtered = options.Filter is { } filter && filter.Case.Length + filter.EventTypes.Count > 0;
        while (true)
        {
            var request = options.Filter?.Clone() ?? new WatchCaseEventsRequest();
            request.AfterSequence = position;
            request.FromHead = false;
            CaseTrackerException? error = null;
            using (var call = cases.WatchCaseEvents(request, cancellationToken: cancellationToken))
            {
                var stream = call.ResponseStream;
                while (true)
                {
                    bool more;
                    try
                    {
                        more = await stream.MoveNext(cancellationToken).ConfigureAwait(false);
                    }
                    catch (CaseTrackerException broken) when (IsResumable(broken))
                    {
                        error = broken;
                        break;
                    }
                    if (!more)
                    {
                        break;
                    }
                    lastWorked = DateTime.UtcNow;
                    if (attempt > 0)
                    {
                        attempt = 0;
                        delay = options.InitialReconnectDelay;
                    }
                    var item = stream.Current;
                    if (item.ItemCase == WatchCaseEventsResponse.ItemOneofCase.Event)
                    {
                        position = item.Event.Sequence;
                        yield return item.Event;
                    }
                    else if (filtered)
                    {
                        // A filtered feed covered everything up to the head.
                        position = Math.Max(position, item.Heartbeat.HeadSequence);
                    }
                }
            }
            if (options.GiveUpAfter is { } giveUp && DateTime.UtcNow - lastWorked >= giveUp)
            {
                throw error ?? CaseTrackerException.OnClient(StatusCode.Unavailable, CaseTrackerException.FeedUnavailable,
                    $"The change feed has not worked for {giveUp}; it resumes after sequence {position} when watched again.");
            }
            attempt++;
            var wait = (error is not null && Failures.IsRateLimited(error) ? Failures.RetryDelay(error) : null) ?? Backoff.Jittered(delay);
            delay = Backoff.Grow(delay, options.MaxReconnectDelay);
            options.OnReconnecting?.Invoke(new WatchReconnect(attempt, wait, position, error));
            ClientLog.Reconnecting(logger, error?.StatusCode ?? StatusCode.OK, error?.Reason, position, attempt, wait);
            await Backoff.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A break that reconnecting can get past: the path or the server failed, or the server ended the stream and asks to resume.</summary>
    private static bool IsResumable(CaseTrackerException error) =>
        Failures.IsTransient(error)
        || error.StatusCode == StatusCode.Cancelled
        || (error.StatusCode == StatusCode.ResourceExhausted && ResumableExhaustion.Contains(error.Reason));
}
