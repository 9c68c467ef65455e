using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace CaseTracker.Server.Storage;

/// <summary>
/// What the single writer tells OpenTelemetry: a span for each batch it commits, in the trace of the first call
/// it serves and linked to the others' (so one CreateCase's trace holds its commit and the SQL of it), and its
/// queue depth, batch sizes and commit times as metrics, and where each batch's time went
/// (<c>casetracker.writer.phase_duration</c>, tagged with the <see cref="WriterPhase"/>).
/// </summary>
public static class WriterTelemetry
{
    public const string Name = "CaseTracker.Storage";

    private static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);
    private static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("casetracker.writer.batch_size", "{mutation}", "Mutations committed together in one batch.");
    private static readonly Histogram<double> CommitTime = Meter.CreateHistogram<double>("casetracker.writer.commit_duration", "s", "Time to run and commit one batch.");
    private static readonly Histogram<double> PhaseTime = Meter.CreateHistogram<double>("casetracker.writer.phase_duration", "s", "Time one batch spent in one phase of its commit.");
    private static readonly KeyValuePair<string, object?>[][] PhaseTags =
        [.. Enum.GetValues<WriterPhase>().Select(phase => new[] { new KeyValuePair<string, object?>("phase", PhaseName(phase)) })];

    /// <summary>The tag value of <paramref name="phase"/>: its name in lower case.</summary>
    public static string PhaseName(WriterPhase phase) => phase.ToString().ToLowerInvariant();

    /// <summary>Records that a batch spent the time since <paramref name="since"/> in <paramref name="phase"/>; returns now.</summary>
    public static long Phase(WriterPhase phase, long since)
    {
        var now = Stopwatch.GetTimestamp();
        if (PhaseTime.Enabled)
        {
            PhaseTime.Record(Stopwatch.GetElapsedTime(since, now).TotalSeconds, PhaseTags[(int)phase]);
        }
        return now;
    }

    // The writers' queues, held weakly: a process has one writer, a test process many hosts one after another.
    private static readonly ConditionalWeakTable<object, Func<int>> Queues = [];

    static WriterTelemetry() => Meter.CreateObservableGauge(
        "casetracker.writer.queue_depth", () => Queues.Sum(queue => queue.Value()), "{mutation}", "Mutations waiting for the writer.");

    /// <summary>Counts <paramref name="writer"/>'s queue (its <paramref name="depth"/>) in the writer's queue depth while it lives.</summary>
    public static void ObserveQueue(object writer, Func<int> depth) => Queues.AddOrUpdate(writer, depth);

    /// <summary>Starts the span of one batch's commit, under the first caller's span and linked to every other caller's.</summary>
    public static Activity? StartCommit(IReadOnlyList<ActivityContext> callers)
    {
        var parent = callers.FirstOrDefault(caller => caller != default);
        var links = callers.Where(caller => caller != default && caller != parent).Distinct().Select(caller => new ActivityLink(caller));
        var activity = Source.StartActivity("BatchingWriter commit", ActivityKind.Internal, parent, links: links);
        activity?.SetTag("casetracker.writer.batch_size", callers.Count);
        return activity;
    }

    public static void Committed(int batchSize, TimeSpan elapsed)
    {
        BatchSize.Record(batchSize);
        CommitTime.Record(elapsed.TotalSeconds);
    }
}

/// <summary>The phases of one batch's commit, in order.</summary>
public enum WriterPhase
{
    /// <summary>A context, the transaction, the writer's lock (PostgreSQL) and the log's head.</summary>
    Open,

    /// <summary>Reading the batch's cases, open clocks and earlier request records.</summary>
    Prefetch,

    /// <summary>The mutations themselves: rules, domain changes, clocks, events drafted.</summary>
    Mutations,

    /// <summary>EF Core's change detection and the UPDATEs and INSERTs of tracked rows.</summary>
    Save,

    /// <summary>The followers' rows (notifications, search keys) and the prepared inserts of events and request records.</summary>
    Append,

    /// <summary>The COMMIT: with SQLite's synchronous=FULL, the fsync of the write-ahead log.</summary>
    Commit,
}
