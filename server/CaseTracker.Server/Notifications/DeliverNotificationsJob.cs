using CaseTracker.Server.Members;
using CaseTracker.Server.Storage;
using Hangfire;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Notifications;

/// <summary>
/// Sends the outbox's e-mail. Each run takes the e-mails that are due under a lease (through the writer, so two runs
/// — or two nodes — never take the same one), sends each, and marks it sent; a failure waits with a doubling delay and
/// is given up as failed after <see cref="NotificationOptions.MaxAttempts"/>, which the inbox and the dashboard show.
/// A run that crashes between sending and marking leaves its lease to run out; the next run sends again with the same
/// Message-ID, which a mail system drops as the duplicate it is. So every notification is mailed once.
/// </summary>
public sealed class DeliverNotificationsJob(
    BatchingWriter writer,
    EmailComposer composer,
    IOptions<NotificationOptions> options,
    TimeProvider clock,
    ILogger<DeliverNotificationsJob> logger)
{
    public const string RecurringJobId = "deliver-notifications";

    /// <summary>How many e-mails one run takes at most.</summary>
    public int BatchSize { get; init; } = 500;

    [AutomaticRetry(Attempts = 0)] // each e-mail has its own retries; the job runs again at the next tick anyway
    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    public Task RunAsync(CancellationToken cancellationToken) => RunAsync(stopAfterSending: false, cancellationToken);

    /// <summary>Runs once; <paramref name="stopAfterSending"/> stops before marking what was sent, as a crash there would.</summary>
    internal async Task RunAsync(bool stopAfterSending, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Smtp.Enabled)
        {
            return;
        }
        var lease = Guid.NewGuid().ToString("N");
        // A transaction of its own: a lease taken in a batch shared with another run's would be read by it unsaved.
        var taken = await writer.WriteAloneAsync(session => TakeDueAsync(session, lease), cancellationToken);
        if (taken.Count == 0)
        {
            return;
        }
        using var smtp = new SmtpClient { Timeout = (int)settings.Smtp.Timeout.TotalMilliseconds };
        var outcomes = new List<Outcome>();
        foreach (var message in Messages(taken))
        {
            if (message.Recipient is not { Email.Length: > 0 } recipient)
            {
                outcomes.Add(new Outcome(message.Items, null));
                continue;
            }
            try
            {
                await EnsureConnectedAsync(smtp, settings.Smtp, cancellationToken);
                await smtp.SendAsync(composer.Compose(recipient, message.Items, clock.GetUtcNow().UtcDateTime), cancellationToken);
                outcomes.Add(new Outcome(message.Items, string.Empty));
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                var reason = Describe(error);
                logger.LogWarning("E-mail of notification {Sequence} not sent: {Reason}", message.Items[0].Sequence, reason);
                outcomes.Add(new Outcome(message.Items, reason));
                await DisconnectQuietlyAsync(smtp);
            }
        }
        await DisconnectQuietlyAsync(smtp);
        if (stopAfterSending)
        {
            return;
        }
        await writer.WriteAsync(session => RecordAsync(session, outcomes), CancellationToken.None);
    }

    private async Task<List<Taken>> TakeDueAsync(WriteSession session, string lease)
    {
        var now = session.Now;
        var due = await session.Db.Notifications
            .Where(n => n.EmailState == EmailState.Pending && n.EmailNotBefore <= now && (n.EmailLeaseUntil == null || n.EmailLeaseUntil <= now))
            .OrderBy(n => n.Sequence)
            .Take(BatchSize)
            .ToListAsync();
        // The rows are the tracked ones: one leased earlier in this unit of work shows its lease here, whatever the query read.
        due = [.. due.Where(n => n.EmailLeaseUntil is null || n.EmailLeaseUntil <= now)];
        foreach (var n in due)
        {
            n.Lease(lease, now + options.Value.DeliveryLease);
        }
        var parties = due.Select(n => n.RecipientParty).Distinct().ToList();
        var ids = due.Select(n => n.Recipient).Distinct().ToList();
        var members = await session.Db.Members.AsNoTracking().Where(m => parties.Contains(m.Party) && ids.Contains(m.UserId)).ToListAsync();
        return [.. due.Select(n => new Taken(n, members.FirstOrDefault(m => m.Party == n.RecipientParty && m.UserId == n.Recipient && m.Active)))];
    }

    /// <summary>One e-mail per immediate notification; one per recipient and digest time for the digests.</summary>
    private static IEnumerable<Message> Messages(List<Taken> taken) =>
        taken.Where(t => !t.Notification.EmailDigest).Select(t => new Message(t.Recipient, [t.Notification]))
            .Concat(taken.Where(t => t.Notification.EmailDigest)
                .GroupBy(t => (t.Notification.RecipientParty, t.Notification.Recipient, t.Notification.EmailNotBefore))
                .Select(g => new Message(g.First().Recipient, [.. g.Select(t => t.Notification).OrderBy(n => n.Sequence)])));

    private async Task<bool> RecordAsync(WriteSession session, List<Outcome> outcomes)
    {
        var sequences = outcomes.SelectMany(o => o.Items.Select(n => n.Sequence)).ToList();
        var rows = await session.Db.Notifications.Where(n => sequences.Contains(n.Sequence) && n.EmailState == EmailState.Pending).ToDictionaryAsync(n => n.Sequence);
        foreach (var outcome in outcomes)
        {
            foreach (var row in outcome.Items.Select(n => rows.GetValueOrDefault(n.Sequence)).OfType<NotificationRecord>())
            {
                switch (outcome.Error)
                {
                    case null: row.NoLongerMailed(); break;
                    case "": row.Sent(session.Now); break;
                    default: row.AttemptFailed(outcome.Error, session.Now, options.Value.MaxAttempts, RetryDelay(row.EmailAttempts + 1)); break;
                }
            }
        }
        return true;
    }

    /// <summary>The wait after the n-th failed attempt: the first delay, doubled each time, at most the largest.</summary>
    private TimeSpan RetryDelay(int attempt)
    {
        var delay = options.Value.RetryDelay * Math.Pow(2, Math.Min(attempt - 1, 30));
        return delay > options.Value.MaxRetryDelay ? options.Value.MaxRetryDelay : delay;
    }

    private static async Task EnsureConnectedAsync(SmtpClient smtp, SmtpOptions settings, CancellationToken cancellationToken)
    {
        if (smtp.IsConnected)
        {
            return;
        }
        await smtp.ConnectAsync(settings.Host, settings.Port, settings.Security, cancellationToken);
        if (settings.UserName.Length > 0)
        {
            await smtp.AuthenticateAsync(settings.UserName, settings.Password, cancellationToken);
        }
    }

    private static async Task DisconnectQuietlyAsync(SmtpClient smtp)
    {
        try
        {
            if (smtp.IsConnected)
            {
                await smtp.DisconnectAsync(quit: true, CancellationToken.None);
            }
        }
        catch (Exception error) when (error is IOException or MailKit.ProtocolException or System.Net.Sockets.SocketException or MailKit.ServiceNotConnectedException)
        {
            // The connection is gone already; the next message connects again.
        }
    }

    /// <summary>Why an attempt failed, without the message's addresses: the SMTP status, or the kind of failure.</summary>
    private static string Describe(Exception error) => error switch
    {
        SmtpCommandException command => $"SMTP {(int)command.StatusCode} ({command.ErrorCode})",
        SmtpProtocolException => "SMTP protocol error",
        MailKit.Security.AuthenticationException => "SMTP authentication failed",
        System.Net.Sockets.SocketException socket => $"connection failed ({socket.SocketErrorCode})",
        TimeoutException => "SMTP timeout",
        IOException => "connection lost",
        _ => error.GetType().Name,
    };

    private sealed record Taken(NotificationRecord Notification, Member? Recipient);

    private sealed record Message(Member? Recipient, IReadOnlyList<NotificationRecord> Items);

    /// <summary>Sent (empty error), failed (the reason), or not mailed any more (null).</summary>
    private sealed record Outcome(IReadOnlyList<NotificationRecord> Items, string? Error);
}
