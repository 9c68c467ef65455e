using System.ComponentModel.DataAnnotations;

namespace CaseTracker.Server.Reviews;

/// <summary>The monthly joint review. Bound from the <c>Review</c> configuration section.</summary>
public sealed class ReviewOptions
{
    public const string Section = "Review";

    /// <summary>The time zone months begin and end in, and the schedule runs in (an IANA or Windows ID).</summary>
    [Required]
    public string TimeZone { get; set; } = "UTC";

    /// <summary>
    /// When the schedule looks for a review to create (Hangfire cron, in <see cref="TimeZone"/>). On the first
    /// working day of a month (a working day of both parties) and every day after, it creates the previous
    /// month's review if there is none, so a missed day is caught up and running twice creates one review.
    /// </summary>
    [Required]
    public string ScheduleCron { get; set; } = "0 6 * * *";

    /// <summary>
    /// The key of the subject pseudonym (HMAC-SHA256 of the normalised passport number), base64, at least 32
    /// bytes. Never stored in the database. Empty: a development key kept under the data directory.
    /// Both parties must agree on it: the same person gets the same pseudonym only under the same key.
    /// </summary>
    public string PseudonymKey { get; set; } = string.Empty;

    /// <summary>A case open longer than this at the end of the month is listed for discussion.</summary>
    [Range(1, 3650)]
    public int DiscussionAfterDays { get; set; } = 60;

    public TimeZoneInfo Zone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}
