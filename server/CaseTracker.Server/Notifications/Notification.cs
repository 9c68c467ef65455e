using CaseTracker.Server.Cases;
using CaseTracker.Server.Members;

namespace CaseTracker.Server.Notifications;

/// <summary>What a notification is about; numbers as in the contract's <c>NotificationKind</c>.</summary>
public enum NotificationKind
{
    DeadlineWarning = 1, DeadlineBreach = 2, CoChairEscalation = 3, ResponseRequested = 4, SignOffAwaited = 5,
    CaseAssigned = 6, MonthlyReviewReady = 7, ReconciliationAmbiguous = 8, RegistryProposal = 9,
    RegistryRemedyConfirmed = 10,
}

/// <summary>How a notification's e-mail stands; numbers as in the contract's <c>EmailState</c>.</summary>
public enum EmailState { InboxOnly = 1, Pending = 2, Sent = 3, Failed = 4 }

/// <summary>
/// One notification to one member: a row of the outbox, written in the same transaction as the event that causes
/// it, at most one per source (event) and recipient. It holds the case's reference, the kind, the due time and a few
/// non-personal details; the text is written from them in the recipient's language when it is read or mailed.
/// </summary>
public sealed class NotificationRecord
{
    private NotificationRecord()
    {
        Recipient = SourceKey = CaseReference = Details = EmailError = string.Empty;
    }

    public long Sequence { get; private set; }

    public Party RecipientParty { get; private set; }

    /// <summary>The recipient's user ID (the roster's member).</summary>
    public string Recipient { get; private set; }

    public NotificationKind Kind { get; private set; }

    /// <summary>What caused it, for exactly-once: <c>events/{sequence}</c>, or the source's own key (<c>reviews/2026-11</c>).</summary>
    public string SourceKey { get; private set; }

    public string? CaseId { get; private set; }

    public string CaseReference { get; private set; }

    public long? EventSequence { get; private set; }

    public string? EventType { get; private set; }

    public DateTime? DueTime { get; private set; }

    /// <summary>Non-personal details the text names (the clock, the month, the list), as compact JSON.</summary>
    public string Details { get; private set; }

    /// <summary>The recipient's language when it was written: the inbox and the e-mail say the same.</summary>
    public Language Language { get; private set; }

    public DateTime CreateTime { get; private set; }

    public DateTime? ReadTime { get; private set; }

    public EmailState EmailState { get; private set; }

    /// <summary>Whether its e-mail goes in the recipient's daily digest.</summary>
    public bool EmailDigest { get; private set; }

    /// <summary>When its e-mail may go next: the working hour, the digest time, or the retry after a failure.</summary>
    public DateTime? EmailNotBefore { get; private set; }

    public int EmailAttempts { get; private set; }

    public string EmailError { get; private set; }

    /// <summary>Until when a delivery run holds it; another run takes it only after that (a crashed run's lease runs out).</summary>
    public DateTime? EmailLeaseUntil { get; private set; }

    public string? EmailLeaseId { get; private set; }

    public DateTime? EmailSentTime { get; private set; }

    /// <summary>The columns the router inserts, in order (see <see cref="Values"/>).</summary>
    public static readonly string[] Columns =
    [
        "Sequence", "RecipientParty", "Recipient", "Kind", "SourceKey", "CaseId", "CaseReference", "EventSequence", "EventType",
        "DueTime", "Details", "Language", "CreateTime", "EmailState", "EmailDigest", "EmailNotBefore", "EmailAttempts", "EmailError",
    ];

    public static object?[] Values(long sequence, Member recipient, NoticeDraft draft, string caseReference, EmailState email, DateTime? notBefore, DateTime now) =>
    [
        sequence, (int)recipient.Party, recipient.UserId, (int)draft.Kind, draft.SourceKey, draft.CaseId, caseReference, draft.EventSequence,
        draft.EventType, draft.DueTime, draft.DetailsJson(), (int)recipient.Language, now, (int)email,
        recipient.EmailDelivery == EmailDelivery.DailyDigest && !draft.Urgent, notBefore, 0, string.Empty,
    ];

    /// <summary>Taken by a delivery run until <paramref name="until"/>.</summary>
    public void Lease(string leaseId, DateTime until)
    {
        EmailLeaseId = leaseId;
        EmailLeaseUntil = until;
    }

    /// <summary>The mail server accepted it.</summary>
    public void Sent(DateTime now)
    {
        EmailState = EmailState.Sent;
        EmailSentTime = now;
        EmailAttempts++;
        EmailError = string.Empty;
        EmailLeaseId = null;
        EmailLeaseUntil = null;
    }

    /// <summary>An attempt failed: tried again after <paramref name="retryAfter"/>, or given up as failed after the last attempt.</summary>
    public void AttemptFailed(string error, DateTime now, int maxAttempts, TimeSpan retryAfter)
    {
        EmailAttempts++;
        EmailError = error.Length > 300 ? error[..300] : error;
        EmailLeaseId = null;
        EmailLeaseUntil = null;
        if (EmailAttempts >= maxAttempts)
        {
            EmailState = EmailState.Failed;
            EmailNotBefore = null;
        }
        else
        {
            EmailNotBefore = now + retryAfter;
        }
    }

    /// <summary>The recipient has no e-mail address any more (or left the roster): the inbox only.</summary>
    public void NoLongerMailed()
    {
        EmailState = EmailState.InboxOnly;
        EmailNotBefore = null;
        EmailLeaseId = null;
        EmailLeaseUntil = null;
    }

    /// <summary>Marks it read, once: marking it again keeps the first time.</summary>
    public void MarkRead(DateTime now) => ReadTime ??= now;

    public string Name => $"notifications/{Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public IReadOnlyDictionary<string, string> DetailValues() =>
        System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(Details) ?? [];
}
