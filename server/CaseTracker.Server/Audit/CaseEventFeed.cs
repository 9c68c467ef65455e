using CaseTracker.Server.Cases;
using CaseTracker.Server.Grpc;
using CaseTracker.Server.Storage;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Audit;

/// <summary>
/// The change feed behind <c>WatchCaseEvents</c>. It never buffers: it reads a page of committed events
/// after the last one sent, writes them, and when there is nothing new waits for the next commit (or, for
/// commits made by another node, at most a second). A consumer that stops reading holds at most two pages (the one
/// being written and the next, read ahead).
/// </summary>
public sealed class CaseEventFeed(
    IDbContextFactory<CaseTrackerDbContext> contexts, CaseEventNotifier notifier, IOptions<LimitsOptions> limits, TimeProvider clock)
{
    private const int PageSize = 500;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly WriteOptions Buffered = new(WriteFlags.BufferHint);

    public async Task StreamAsync(V1.WatchCaseEventsRequest request, IServerStreamWriter<V1.WatchCaseEventsResponse> stream, CancellationToken cancellationToken)
    {
        var caseId = CaseNames.TryParse(request.Case);
        var types = request.EventTypes.Select(t => EventNames.Type((CaseEventType)t)).ToHashSet(StringComparer.Ordinal);
        var heartbeat = request.HeartbeatInterval is { } interval ? interval.ToTimeSpan() : TimeSpan.FromSeconds(15);
        var position = request.FromHead ? await HeadAsync(cancellationToken) : request.AfterSequence;
        var lastWrite = clock.GetUtcNow();
        using var watcher = FeedTelemetry.Watch();

        while (!cancellationToken.IsCancellationRequested)
        {
            var nextCommit = notifier.NextCommit;
            var head = await HeadAsync(cancellationToken);
            watcher.Lag = Math.Max(0, head - position);
            if (head > position)
            {
                // Pages are read one ahead, on another thread (SQLite reads synchronously), while this one is written.
                var page = await ReadAsync(position, head, caseId, types, cancellationToken);
                while (true)
                {
                    var after = page.Count == PageSize ? page[^1].Sequence : (long?)null;
                    var reading = after is { } next ? Task.Run(() => ReadAsync(next, head, caseId, types, cancellationToken), cancellationToken) : null;
                    try
                    {
                        await WritePageAsync(stream, page, cancellationToken);
                    }
                    catch
                    {
                        await Observe(reading);
                        throw;
                    }
                    position = page.Count == PageSize ? page[^1].Sequence : head;
                    watcher.Lag = head - position;
                    if (page.Count > 0)
                    {
                        lastWrite = clock.GetUtcNow();
                    }
                    if (reading is null)
                    {
                        break;
                    }
                    page = await reading;
                }
                continue;
            }
            var quiet = clock.GetUtcNow() - lastWrite;
            if (quiet >= heartbeat)
            {
                await WriteAsync(stream, new V1.WatchCaseEventsResponse
                {
                    Heartbeat = new V1.Heartbeat { HeadSequence = head, Time = Timestamp.FromDateTimeOffset(clock.GetUtcNow()) },
                }, cancellationToken);
                lastWrite = clock.GetUtcNow();
                continue;
            }
            var wait = heartbeat - quiet < PollInterval ? heartbeat - quiet : PollInterval;
            await Task.WhenAny(nextCommit, Task.Delay(wait, clock, cancellationToken));
        }
    }

    private async Task<long> HeadAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.CaseEvents.MaxAsync(e => (long?)e.Sequence, cancellationToken) ?? 0;
    }

    private async Task<List<CaseEventRecord>> ReadAsync(long after, long upTo, string? caseId, HashSet<string> types, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var events = db.CaseEvents.AsNoTracking().Where(e => e.Sequence > after && e.Sequence <= upTo);
        if (caseId is not null)
        {
            events = events.Where(e => e.CaseId == caseId);
        }
        if (types.Count > 0)
        {
            events = events.Where(e => types.Contains(e.Type));
        }
        return await events.OrderBy(e => e.Sequence).Take(PageSize).ToListAsync(cancellationToken);
    }

    /// <summary>Writes a page of events with one flush, after its last event, rather than one after each.</summary>
    private async Task WritePageAsync(IServerStreamWriter<V1.WatchCaseEventsResponse> stream, List<CaseEventRecord> page, CancellationToken cancellationToken)
    {
        for (var i = 0; i < page.Count; i++)
        {
            stream.WriteOptions = i < page.Count - 1 ? Buffered : null;
            await WriteAsync(stream, new V1.WatchCaseEventsResponse { Event = CaseEventMapper.ToProto(page[i]) }, cancellationToken);
        }
    }

    /// <summary>Waits for a read the stream no longer needs, so that its failure (the call ending) is not left unobserved.</summary>
    private static async Task Observe(Task? reading)
    {
        if (reading is not null)
        {
            await reading.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>Writes one message, or ends the stream if the consumer has not taken it within the limit.</summary>
    private Task WriteAsync(IServerStreamWriter<V1.WatchCaseEventsResponse> stream, V1.WatchCaseEventsResponse message, CancellationToken cancellationToken) =>
        stream.WriteWithinAsync(message, limits.Value.StreamWriteTimeout, clock, cancellationToken);
}
