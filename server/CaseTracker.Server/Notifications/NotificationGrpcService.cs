using CaseTracker.Server.Cases;
using CaseTracker.Server.Grpc;
using CaseTracker.Server.Storage;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Notifications;

/// <summary>
/// The <c>casetracker.v1.NotificationService</c> endpoint: the caller's own inbox, and nobody else's. The inbox is
/// the caller's party and user ID, as their token names them.
/// </summary>
public sealed class NotificationGrpcService(
    BatchingWriter writer,
    IDbContextFactory<CaseTrackerDbContext> contexts,
    NotificationMapper mapper,
    NotificationFeed feed,
    Pager pager) : V1.NotificationService.NotificationServiceBase
{
    private const int MaxMarked = 500;

    public override async Task<V1.ListNotificationsResponse> ListNotifications(V1.ListNotificationsRequest request, ServerCallContext context)
    {
        var filter = InboxFilter.Parse(request.Filter);
        var page = pager.Open(request.PageSize, request.PageToken, $"notifications\n{request.Filter}");
        var caller = AuthenticationInterceptor.CallerOf(context);
        await using var db = await contexts.CreateDbContextAsync(context.CancellationToken);
        var inbox = db.Notifications.AsNoTracking().Where(n => n.RecipientParty == caller.Party && n.Recipient == caller.Id);
        var unread = await inbox.LongCountAsync(n => n.ReadTime == null, context.CancellationToken);
        var query = inbox;
        if (filter.Kind is { } kind)
        {
            query = query.Where(n => n.Kind == kind);
        }
        if (filter.CaseId is { } caseId)
        {
            query = query.Where(n => n.CaseId == caseId);
        }
        if (filter.Read is { } read)
        {
            query = read ? query.Where(n => n.ReadTime != null) : query.Where(n => n.ReadTime == null);
        }
        // Unread first, newest first within each: a page resumes after the last one's (read, sequence).
        if (page.Position is { } position && position.Split('|') is [var wasRead, var sequence] && long.TryParse(sequence, out var before))
        {
            query = wasRead == "0"
                ? query.Where(n => (n.ReadTime == null && n.Sequence < before) || n.ReadTime != null)
                : query.Where(n => n.ReadTime != null && n.Sequence < before);
        }
        var fetched = await query.OrderBy(n => n.ReadTime == null ? 0 : 1).ThenByDescending(n => n.Sequence).Take(page.Fetch).ToListAsync(context.CancellationToken);
        var response = new V1.ListNotificationsResponse
        {
            NextPageToken = page.NextToken(fetched, n => $"{(n.ReadTime is null ? 0 : 1)}|{n.Sequence}"),
            UnreadCount = unread,
        };
        response.Notifications.AddRange(page.Items(fetched).Select(mapper.ToProto));
        return response;
    }

    public override Task WatchNotifications(
        V1.WatchNotificationsRequest request, IServerStreamWriter<V1.WatchNotificationsResponse> responseStream, ServerCallContext context)
    {
        var validator = new RequestValidator(TimeProvider.System).Normalized("heartbeat_interval", request.HeartbeatInterval);
        if (request.AfterSequence < 0)
        {
            validator.Add("after_sequence", "must not be negative");
        }
        validator.ThrowIfInvalid();
        return feed.StreamAsync(AuthenticationInterceptor.CallerOf(context), request, responseStream, context.CancellationToken);
    }

    public override async Task<V1.MarkNotificationsReadResponse> MarkNotificationsRead(V1.MarkNotificationsReadRequest request, ServerCallContext context)
    {
        var sequences = new List<long>();
        var validator = new RequestValidator(TimeProvider.System);
        if (request.Names.Count == 0)
        {
            validator.Add("names", "required: the notifications to mark, notifications/{sequence}");
        }
        if (request.Names.Count > MaxMarked)
        {
            validator.Add("names", $"at most {MaxMarked} at a time");
        }
        for (var i = 0; i < request.Names.Count; i++)
        {
            if (request.Names[i].StartsWith("notifications/", StringComparison.Ordinal)
                && long.TryParse(request.Names[i]["notifications/".Length..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sequence))
            {
                sequences.Add(sequence);
            }
            else
            {
                validator.Add($"names[{i}]", "must be notifications/{sequence}");
            }
        }
        validator.ThrowIfInvalid();
        var caller = AuthenticationInterceptor.CallerOf(context);
        var marked = await writer.WriteAsync(session => MarkReadAsync(session, caller, sequences.Distinct().ToList()), context.CancellationToken);
        var response = new V1.MarkNotificationsReadResponse();
        response.Notifications.AddRange(marked.Select(mapper.ToProto));
        return response;
    }

    /// <summary>Marks the caller's own notifications; one that is not theirs is NOT_FOUND like one that does not exist.</summary>
    private static async Task<List<NotificationRecord>> MarkReadAsync(WriteSession session, Actor caller, List<long> sequences)
    {
        var found = await session.Db.Notifications
            .Where(n => sequences.Contains(n.Sequence) && n.RecipientParty == caller.Party && n.Recipient == caller.Id)
            .ToListAsync();
        var missing = sequences.Except(found.Select(n => n.Sequence)).ToList();
        if (missing.Count > 0)
        {
            var names = string.Join(", ", missing.Select(s => $"notifications/{s}"));
            throw new ApiException(StatusCode.NotFound, ErrorReasons.NotificationNotFound,
                $"Your inbox has no {names}; nothing was marked.", metadata: new Dictionary<string, string> { ["names"] = names });
        }
        foreach (var n in found)
        {
            n.MarkRead(session.Now);
        }
        return [.. found.OrderBy(n => n.Sequence)];
    }
}
