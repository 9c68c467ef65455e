using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace CaseTracker.Server.Audit;

/// <summary>
/// The change feed's lag per watcher (<c>casetracker.feed.lag</c>): how many events each open WatchCaseEvents
/// stream is behind the head of the log, tagged with the stream's number on this node (never its caller).
/// </summary>
public static class FeedTelemetry
{
    public const string Name = "CaseTracker.Feed";

    private static readonly Meter Meter = new(Name);
    private static readonly ConcurrentDictionary<long, FeedWatcher> Watchers = new();
    private static long _lastNumber;

    static FeedTelemetry() => Meter.CreateObservableGauge(
        "casetracker.feed.lag",
        () => Watchers.Values.Select(watcher => new Measurement<long>(watcher.Lag, new KeyValuePair<string, object?>("casetracker.watcher", watcher.Number))),
        "{event}",
        "Events between the head of the log and the last one each open change-feed stream has sent.");

    /// <summary>Counts one open stream until it is disposed.</summary>
    public static FeedWatcher Watch()
    {
        var watcher = new FeedWatcher(Interlocked.Increment(ref _lastNumber), Watchers);
        Watchers[watcher.Number] = watcher;
        return watcher;
    }
}

/// <summary>One open change-feed stream, as the lag metric sees it.</summary>
public sealed class FeedWatcher(long number, ConcurrentDictionary<long, FeedWatcher> watchers) : IDisposable
{
    public long Number { get; } = number;

    /// <summary>Events the stream is behind the head.</summary>
    public long Lag { get; set; }

    public void Dispose() => watchers.TryRemove(Number, out _);
}
