using System.ComponentModel.DataAnnotations;

namespace CaseTracker.Server.Notifications;

/// <summary>Notifications and their e-mail. Bound from the <c>Notifications</c> section; SMTP is off unless <c>Smtp:Enabled</c>.</summary>
public sealed class NotificationOptions : IValidatableObject
{
    public const string Section = "Notifications";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Kinds not notified at all, by their names (<c>CaseAssigned</c>, <c>SignOffAwaited</c>, ...).</summary>
    public List<NotificationKind> Disabled { get; set; } = [];

    /// <summary>Where a deadline warning goes: <c>LeadInvestigator</c> (the owing party's lead of the case, or its supervisors when it has none) or <c>Supervisors</c>.</summary>
    public WarningRecipients WarningTo { get; set; } = WarningRecipients.LeadInvestigator;

    /// <summary>Whether immediate e-mail waits for working hours on the recipient's party's calendar; <c>false</c> sends at once (a demonstration at night).</summary>
    public bool WorkingHoursOnly { get; set; } = true;

    /// <summary>The start of a working day's e-mail hours, local time on the recipient's party's calendar.</summary>
    public TimeSpan WorkingHoursStart { get; set; } = TimeSpan.FromHours(9);

    /// <summary>The end of a working day's e-mail hours, local time.</summary>
    public TimeSpan WorkingHoursEnd { get; set; } = TimeSpan.FromHours(18);

    /// <summary>When the daily digest goes, local time, on the recipient's party's working days.</summary>
    public TimeSpan DigestTime { get; set; } = TimeSpan.FromHours(9);

    /// <summary>Attempts before an e-mail is given up as failed (shown in the inbox and on the dashboard).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The wait after the first failed attempt; each further failure doubles it, up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a delivery run holds the e-mails it took; a run that crashed gives them up after this.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan DeliveryLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>When the delivery job runs (cron, UTC).</summary>
    public string DeliveryCron { get; set; } = "* * * * *";

    /// <summary>The workspace's address: a notification links to <c>{LinkBase}/cases/{case}</c>.</summary>
    public string LinkBase { get; set; } = "http://localhost:5081";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (WorkingHoursStart < TimeSpan.Zero || WorkingHoursEnd > TimeSpan.FromHours(24) || WorkingHoursStart >= WorkingHoursEnd)
        {
            yield return new ValidationResult("WorkingHoursStart must come before WorkingHoursEnd, both within a day.", [nameof(WorkingHoursStart)]);
        }
        if (DigestTime < TimeSpan.Zero || DigestTime >= TimeSpan.FromHours(24))
        {
            yield return new ValidationResult("DigestTime must be a time of day, 00:00 to 23:59.", [nameof(DigestTime)]);
        }
        if (!Uri.TryCreate(LinkBase, UriKind.Absolute, out _))
        {
            yield return new ValidationResult($"'{LinkBase}' is not an absolute address.", [nameof(LinkBase)]);
        }
        if (Smtp.Enabled && string.IsNullOrWhiteSpace(Smtp.Host))
        {
            yield return new ValidationResult("Smtp:Host is required when Smtp:Enabled is true.", ["Smtp:Host"]);
        }
        if (Smtp.Port is < 1 or > 65535)
        {
            yield return new ValidationResult($"Smtp:Port {Smtp.Port} is not a port.", ["Smtp:Port"]);
        }
    }
}

/// <summary>Where a deadline warning goes.</summary>
public enum WarningRecipients { LeadInvestigator, Supervisors }

/// <summary>The mail server e-mail goes through (<c>Notifications:Smtp</c>).</summary>
public sealed class SmtpOptions
{
    /// <summary>Whether e-mail is sent at all; off by default (the inbox only).</summary>
    public bool Enabled { get; set; }

    public string Host { get; set; } = string.Empty;

    public int Port { get; set; } = 25;

    /// <summary><c>None</c>, <c>StartTls</c>, <c>StartTlsWhenAvailable</c>, <c>SslOnConnect</c> or <c>Auto</c>.</summary>
    public MailKit.Security.SecureSocketOptions Security { get; set; } = MailKit.Security.SecureSocketOptions.StartTlsWhenAvailable;

    /// <summary>The account to sign in with; empty for none.</summary>
    public string UserName { get; set; } = string.Empty;

    public string Password { get; set; } = string.Empty;

    /// <summary>The sender, <c>CaseTracker &lt;casetracker@example.org&gt;</c>.</summary>
    public string From { get; set; } = "CaseTracker <casetracker@localhost>";

    /// <summary>The domain of every Message-ID, <c>&lt;notification-42@{domain}&gt;</c>: the same for every resend.</summary>
    public string MessageIdDomain { get; set; } = "casetracker.local";

    /// <summary>How long one SMTP conversation may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
