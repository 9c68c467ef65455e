using CaseTracker.V1;

namespace CaseTracker.Client;

/// <summary>How <see cref="CaseTrackerClient.WatchAsync(long, WatchOptions, CancellationToken)"/> follows the change feed and reconnects.</summary>
public sealed class WatchOptions
{
    /// <summary>Optional case and event-type filters; their position fields are managed by the watch.</summary>
    public WatchCaseEventsRequest? Filter { get; set; }

    /// <summary>The wait before the first reconnect after a stream broke, jittered (50–150 %); it doubles with each reconnect that fails in a row.</summary>
    public TimeSpan InitialReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between two reconnects, before jitter.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gives up when the feed has not worked (no message received, not even a heartbeat) for this long, with a
    /// <see cref="CaseTrackerException"/> carrying the last failure; null (the default) reconnects for ever.
    /// </summary>
    public TimeSpan? GiveUpAfter { get; set; }

    /// <summary>Told of each reconnect before its wait: for an operator's dashboard or log. It must not throw.</summary>
    public Action<WatchReconnect>? OnReconnecting { get; set; }
}

/// <summary>One reconnect of the change feed.</summary>
/// <param name="Attempt">1 for the first reconnect after the feed last worked, 2 for the next, and so on.</param>
/// <param name="Delay">The wait before this reconnect.</param>
/// <param name="AfterSequence">The last sequence received: the feed resumes after it.</param>
/// <param name="Error">Why the stream broke; null when the server ended it without an error.</param>
public sealed record WatchReconnect(int Attempt, TimeSpan Delay, long AfterSequence, CaseTrackerException? Error);
