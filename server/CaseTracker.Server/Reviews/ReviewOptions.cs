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
    /// The joint key of the subject pseudonym (HMAC-SHA256 of the normalised passport number), base64, at least
    /// 32 bytes, held by both parties: used only for subjects who consented to sharing with the other party.
    /// Never stored in the database. Empty: a development key kept under the data directory.
    /// </summary>
    public string PseudonymKey { get; set; } = string.Empty;

    /// <summary>
    /// Each party's own pseudonym key (<c>Review:PartyPseudonymKeys:RU</c>, <c>:TJ</c>), base64, at least 32
    /// bytes, set by that party's operators and never given to the other party: the pseudonym of every subject
    /// who did not consent to sharing is made with the filing party's key. Required for both parties once
    /// <see cref="PseudonymKey"/> is set; all three keys must differ. Empty: development keys under the data directory.
    /// </summary>
    public Dictionary<string, string> PartyPseudonymKeys { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A case open longer than this at the end of the month is listed for discussion.</summary>
    [Range(1, 3650)]
    public int DiscussionAfterDays { get; set; } = 60;

    /// <summary>A case awaiting a party's response longer than this at the end of the month is listed for discussion.</summary>
    [Range(1, 3650)]
    public int DiscussionAwaitingAfterDays { get; set; } = 20;

    public TimeZoneInfo Zone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}
