using CaseTracker.Server.Cases;
using CaseTracker.Server.Deadlines;
using CaseTracker.Server.Grpc;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Notifications;

/// <summary>A notification as its recipient reads it: the texts in their language, the due time in their party's time zone.</summary>
public sealed class NotificationMapper(WorkingCalendars calendars, IOptions<NotificationOptions> options)
{
    public V1.Notification ToProto(NotificationRecord n) => new()
    {
        Name = n.Name,
        Sequence = n.Sequence,
        Kind = (V1.NotificationKind)n.Kind,
        Case = n.CaseId is { } id ? CaseNames.Format(id) : string.Empty,
        CaseReference = n.CaseReference,
        EventSequence = n.EventSequence ?? 0,
        EventType = n.EventType is { } type && CaseTracker.Client.ContractNames.TryParse<V1.CaseEventType>(type, out var parsed) ? parsed : V1.CaseEventType.Unspecified,
        Title = NotificationTexts.Title(n),
        ExpectedAction = NotificationTexts.Expected(n),
        DueTime = ProtoTime.Of(n.DueTime),
        DueTimeLocal = DueLocal(n),
        CreateTime = ProtoTime.Of(n.CreateTime),
        ReadTime = ProtoTime.Of(n.ReadTime),
        Read = n.ReadTime is not null,
        EmailState = (V1.EmailState)n.EmailState,
        EmailAttempts = n.EmailAttempts,
        EmailError = n.EmailError,
        Link = Link(n),
    };

    /// <summary>The due time in the recipient's own time zone, their party's calendar's; empty when nothing is due.</summary>
    public string DueLocal(NotificationRecord n) =>
        n.DueTime is { } due ? NotificationTexts.LocalTime(due, calendars.For(n.RecipientParty).UtcOffset) : string.Empty;

    /// <summary>The case's page in the workspace; the review's or the list's for those.</summary>
    public string Link(NotificationRecord n)
    {
        var root = options.Value.LinkBase.TrimEnd('/');
        if (n.CaseId is { } id)
        {
            return $"{root}/{CaseNames.Format(id)}";
        }
        return n.DetailValues().TryGetValue("resource", out var resource) ? $"{root}/{resource}" : root;
    }
}
