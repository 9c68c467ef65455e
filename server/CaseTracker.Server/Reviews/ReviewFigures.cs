namespace CaseTracker.Server.Reviews;

/// <summary>Counts per category, in a fixed order: the contract's order for codes, then any others by name.</summary>
public sealed class Tally(IEnumerable<string>? knownOrder = null)
{
    private readonly List<string> _order = knownOrder?.ToList() ?? [];
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Add(string key, long count = 1) => _counts[key] = _counts.GetValueOrDefault(key) + count;

    public long this[string key] => _counts.GetValueOrDefault(key);

    public long Total => _counts.Values.Sum();

    /// <summary>Every known category (zero included), then the others: by count, largest first, then by name.</summary>
    public IReadOnlyList<(string Key, long Count)> Rows() =>
    [
        .. _order.Select(k => (k, this[k])),
        .. _counts.Where(p => !_order.Contains(p.Key)).OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)),
    ];
}

/// <summary>One week of the month (Monday to Sunday, cut to the month): cases filed and closed in it.</summary>
public sealed class WeekFigures(DateOnly from, DateOnly to)
{
    public DateOnly From { get; } = from;

    public DateOnly To { get; } = to;

    /// <summary>The week's days within the month: fewer than seven for a week cut by the month's start or end.</summary>
    public int Days => To.DayNumber - From.DayNumber + 1;

    public bool IsPartial => Days < 7;

    public long Opened { get; set; }

    public long Closed { get; set; }
}

/// <summary>
/// Every figure of one month's review, added up case by case as the log is folded. Holds counters only — never
/// the cases — so it stays the same size however many cases the month has.
/// </summary>
public sealed class ReviewFigures
{
    public static readonly string[] AgeingBuckets = ["0-7", "8-30", "31-60", "61-90", "91-180", "181+"];

    private readonly ReviewMonth _month;
    private readonly TimeZoneInfo _zone;
    public ReviewFigures(ReviewMonth month, TimeZoneInfo zone, int discussionAfterDays, int discussionAwaitingAfterDays)
    {
        _month = month;
        _zone = zone;
        DiscussionAfterDays = discussionAfterDays;
        DiscussionAwaitingAfterDays = discussionAwaitingAfterDays;
        var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(month.Start, zone));
        var last = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(month.End, zone)).AddDays(-1);
        for (var day = first; day <= last;)
        {
            var sunday = day.AddDays((7 - (int)day.DayOfWeek) % 7);
            var to = sunday < last ? sunday : last;
            Weeks.Add(new WeekFigures(day, to));
            day = to.AddDays(1);
        }
    }

    /// <summary>A case open longer than this many days at the end of the month is listed for discussion.</summary>
    public int DiscussionAfterDays { get; }

    /// <summary>A case awaiting a party's response longer than this many days at the end of the month is listed for discussion.</summary>
    public int DiscussionAwaitingAfterDays { get; }

    public long ActiveCases { get; private set; }

    public long OpenAtStart { get; private set; }

    public long Opened { get; private set; }

    public long Closed { get; private set; }

    public long Reopened { get; private set; }

    public long OpenAtEnd { get; private set; }

    public long ExcludedByConsent { get; private set; }

    public long ForDiscussion { get; private set; }

    public Tally ByStage { get; } = new(ReviewCodes.All<V1.Stage>());

    public Tally Outcomes { get; } = new(ReviewCodes.All<V1.Outcome>());

    public Tally ByEnforcementAction { get; } = new([.. ReviewCodes.All<V1.EnforcementActionType>(), NotRecorded]);

    /// <summary>The registry placements among the active cases, by ground: a ground is recorded only for a placement.</summary>
    public Tally ByRegistryGround { get; } = new([.. ReviewCodes.All<V1.RegistryGround>(), NotRecorded]);

    public Tally ByRegion { get; } = new();

    public Tally Ageing { get; } = new(AgeingBuckets);

    public List<WeekFigures> Weeks { get; } = [];

    public Tally Warnings { get; } = new(ReviewCodes.All<V1.Party>());

    public Tally Breaches { get; } = new(ReviewCodes.All<V1.Party>());

    public Tally CoChairEscalations { get; } = new(ReviewCodes.All<V1.Party>());

    /// <summary>Disclosures of subjects' personal data made in the month, by the party of the caller shown it (the disclosure log).</summary>
    public Tally DisclosuresByCallerParty { get; } = new(ReviewCodes.All<V1.Party>());

    /// <summary>Documents filed in the month on the month's cases, by kind (from the DOCUMENT_ADDED events).</summary>
    public Tally DocumentsByKind { get; } = new(ReviewCodes.All<V1.DocumentKind>());

    /// <summary>Documents filed in the month, per case (by reference), for the cases that had any.</summary>
    public Tally DocumentsByCase { get; } = new();

    public const string NotRecorded = "NOT_RECORDED";

    private const string RegistryPlacement = "REGISTRY_PLACEMENT";
    /// <summary>Case subjects a registry snapshot listed in the month (who were not listed before).</summary>
    public long RegistryListings { get; private set; }

    /// <summary>Case subjects a registry snapshot dropped in the month.</summary>
    public long RegistryDelistings { get; private set; }

    /// <summary>Of those, the delistings that confirmed a delisting remedy.</summary>
    public long RemedyDelistings { get; private set; }

    /// <summary>The whole days from the "delisted" findings to the delisting seen, in the ageing buckets.</summary>
    public Tally DaysToDelisting { get; } = new(AgeingBuckets);

    /// <summary>The sum of those waits in days, for their mean.</summary>
    public double DaysToDelistingTotal { get; private set; }

    /// <summary>The mean of those waits in days, to one decimal; 0 when no delisting confirmed a remedy.</summary>
    public double MeanDaysToDelisting => RemedyDelistings == 0 ? 0 : Math.Round(DaysToDelistingTotal / RemedyDelistings, 1);

    /// <summary>
    /// Counts the case's listings and delistings in the month, whether or not the case was open in it: a remedy is
    /// often agreed, and the case closed, before the registry drops the person.
    /// </summary>
    public void AddRegistry(CaseMonthHistory c)
    {
        RegistryListings += c.RegistryListingsInMonth;
        RegistryDelistings += c.RegistryDelistingsInMonth;
        foreach (var wait in c.DelistingWaits)
        {
            RemedyDelistings++;
            DaysToDelisting.Add(AgeingBucket((int)Math.Floor(wait.TotalDays)));
            DaysToDelistingTotal += wait.TotalDays;
        }
    }

    /// <summary>Whether the case goes on the list for discussion, and why; null when it does not.</summary>
    public DiscussionReason? DiscussionReason(CaseMonthHistory c)
    {
        if (!c.IsOpenAtEnd)
        {
            return null;
        }
        var reason = new DiscussionReason(
            c.DeadlineRows.Any(s => s.Step == "BREACH"),
            c.DeadlineRows.Any(s => s.Step == "ESCALATION_TO_CO_CHAIRS"),
            c.IsOpenLongerThan(_month.End, TimeSpan.FromDays(DiscussionAfterDays)),
            c.AwaitingParty,
            c.AwaitingDays(_month.End));
        var awaitedTooLong = c.IsAwaitingLongerThan(_month.End, TimeSpan.FromDays(DiscussionAwaitingAfterDays));
        return reason.Escalated || reason.OpenLong || awaitedTooLong ? reason : null;
    }

    public void Exclude() => ExcludedByConsent++;

    /// <summary>Counts the case; returns why it is on the list for discussion, or null when it is not.</summary>
    public DiscussionReason? Add(CaseMonthHistory c)
    {
        ActiveCases++;
        if (c.StageAtStart.Length > 0 && c.StageAtStart != "CLOSED")
        {
            OpenAtStart++;
        }
        if (c.OpenedInMonth)
        {
            Opened++;
        }
        ByStage.Add(c.Stage);
        foreach (var t in c.Transitions)
        {
            var week = WeekOf(t.Time);
            if (t.FromStage.Length == 0)
            {
                week.Opened++;
            }
            // Reopenings and closures are both counted per transition, so that open at the start + opened +
            // reopened - closed = open at the end, however often a case closed and reopened in the month.
            if (t.FromStage == "CLOSED" && t.ToStage != "CLOSED")
            {
                Reopened++;
            }
            if (t.ToStage == "CLOSED")
            {
                Closed++;
                week.Closed++;
                Outcomes.Add(t.Outcome);
            }
        }
        foreach (var kind in c.DocumentKindsFiled)
        {
            DocumentsByKind.Add(kind);
            DocumentsByCase.Add(c.Reference);
        }
        ByEnforcementAction.Add(Or(ReviewCodes.EnforcementAction(c.Attributes.GetValueOrDefault("enforcement_action", string.Empty))));
        if (ReviewCodes.EnforcementAction(c.Attributes.GetValueOrDefault("enforcement_action", string.Empty)) == RegistryPlacement)
        {
            ByRegistryGround.Add(Or(ReviewCodes.RegistryGround(c.Attributes.GetValueOrDefault("registry_ground", string.Empty))));
        }
        ByRegion.Add(Or(c.Attributes.GetValueOrDefault("region", string.Empty).Trim()));
        if (c.IsOpenAtEnd)
        {
            OpenAtEnd++;
            Ageing.Add(AgeingBucket(c.AgeDays(_month.End)));
        }
        foreach (var step in c.DeadlineRows)
        {
            (step.Step switch { "WARNING" => Warnings, "BREACH" => Breaches, _ => CoChairEscalations }).Add(step.OwingParty);
        }
        var discussion = DiscussionReason(c);
        if (discussion is not null)
        {
            ForDiscussion++;
        }
        return discussion;
    }

    public static string AgeingBucket(int days) => days switch
    {
        <= 7 => "0-7",
        <= 30 => "8-30",
        <= 60 => "31-60",
        <= 90 => "61-90",
        <= 180 => "91-180",
        _ => "181+",
    };

    private WeekFigures WeekOf(DateTime utc)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, _zone));
        return Weeks.LastOrDefault(w => w.From <= day) ?? Weeks[0];
    }

    private static string Or(string code) => code.Length == 0 ? NotRecorded : code;
}
