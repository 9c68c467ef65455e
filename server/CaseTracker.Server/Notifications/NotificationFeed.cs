using CaseTracker.Server.Audit;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Grpc;
using CaseTracker.Server.Storage;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Notifications;

/// <summary>
/// The inbox feed behind <c>WatchNotifications</c>, on the change feed's rules: it reads a page of the caller's
/// committed notifications after the last one sent, writes them, and when there is nothing new waits for the next
/// commit (or, for commits made by another node, at most a second), with a heartbeat when the inbox stays quiet.
/// </summary>
public sealed class NotificationFeed(
    IDbContextFactory<CaseTrackerDbContext> contexts, CaseEventNotifier notifier, NotificationMapper mapper, IOptions<LimitsOptions> limits, TimeProvider clock)
{
    private const int PageSize = 200;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public async Task StreamAsync(
        Actor caller, V1.WatchNotificationsRequest request, IServerStreamWriter<V1.WatchNotificationsResponse> stream, CancellationToken cancellationToken)
    {
        var heartbeat = request.HeartbeatInterval is { } interval && interval.ToTimeSpan() > TimeSpan.Zero ? interval.ToTimeSpan() : TimeSpan.FromSeconds(15);
        var position = request.FromHead ? await HeadAsync(cancellationToken) : request.AfterSequence;
        var lastWrite = clock.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested)
        {
            var nextCommit = notifier.NextCommit;
            var page = await ReadAsync(caller, position, cancellationToken);
            if (page.Count > 0)
            {
                foreach (var n in page)
                {
                    await WriteAsync(stream, new V1.WatchNotificationsResponse { Notification = mapper.ToProto(n) }, cancellationToken);
                    position = n.Sequence;
                }
                lastWrite = clock.GetUtcNow();
                continue;
            }
            var quiet = clock.GetUtcNow() - lastWrite;
            if (quiet >= heartbeat)
            {
                await WriteAsync(stream, new V1.WatchNotificationsResponse
                {
                    Heartbeat = new V1.InboxHeartbeat { HeadSequence = await HeadAsync(cancellationToken), Time = Timestamp.FromDateTimeOffset(clock.GetUtcNow()) },
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
        return await db.Notifications.MaxAsync(n => (long?)n.Sequence, cancellationToken) ?? 0;
    }

    private async Task<List<NotificationRecord>> ReadAsync(Actor caller, long after, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Notifications.AsNoTracking()
            .Where(n => n.RecipientParty == caller.Party && n.Recipient == caller.Id && n.Sequence > after)
            .OrderBy(n => n.Sequence)
            .Take(PageSize)
            .ToListAsync(cancellationToken);
    }

    private Task WriteAsync(IServerStreamWriter<V1.WatchNotificationsResponse> stream, V1.WatchNotificationsResponse message, CancellationToken cancellationToken) =>
        stream.WriteWithinAsync(message, limits.Value.StreamWriteTimeout, clock, cancellationToken);
}
