using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Deadlines;

/// <summary>
/// The deadline policy, bound from the <c>Deadlines</c> section and validated at start: a bad policy stops
/// the server with a message naming the key.
/// </summary>
public sealed class DeadlineOptions
{
    public const string Section = "Deadlines";

    /// <summary>Hangfire cron of the scan that warns and escalates (every minute by default).</summary>
    public string ScanCron { get; set; } = "* * * * *";

    /// <summary>The share of the allowed time after which the owing party is warned.</summary>
    public double WarningFraction { get; set; } = 0.75;

    /// <summary>How long after a breach (level 1, the owing party's supervisors) the co-chairs of both parties are told (level 2).</summary>
    public TimeSpan CoChairEscalationAfter { get; set; } = TimeSpan.FromDays(2);

    /// <summary>
    /// Whether the server keeps serving once a calendar has ended (clocks then skip only weekends there);
    /// false reports gRPC health NOT_SERVING until the calendar is extended.
    /// </summary>
    public bool AllowCalendarsPastCoverage { get; set; }

    /// <summary>The folder of the calendar files; empty means the ones shipped beside the server.</summary>
    public string CalendarDirectory { get; set; } = string.Empty;

    /// <summary>Acknowledge intake: the filing party, 3 working days (1 when urgent).</summary>
    public StagePolicy Intake { get; set; } = new()
    {
        Owner = ClockOwner.FilingParty,
        Normal = new() { Amount = 3, Unit = DurationUnit.WorkingDays },
        Urgent = new() { Amount = 1, Unit = DurationUnit.WorkingDays },
    };

    /// <summary>Investigate: each party, 30 calendar days (5 when urgent).</summary>
    public StagePolicy Investigation { get; set; } = new()
    {
        Owner = ClockOwner.EachParty,
        Normal = new() { Amount = 30, Unit = DurationUnit.CalendarDays },
        Urgent = new() { Amount = 5, Unit = DurationUnit.CalendarDays },
    };

    /// <summary>Sign off the findings: each party, 10 working days (3 when urgent).</summary>
    public StagePolicy Resolution { get; set; } = new()
    {
        Owner = ClockOwner.EachParty,
        Normal = new() { Amount = 10, Unit = DurationUnit.WorkingDays },
        Urgent = new() { Amount = 3, Unit = DurationUnit.WorkingDays },
    };

    /// <summary>Answer a request for a response: the party asked, 10 working days (3 when urgent). The owner setting is ignored.</summary>
    public StagePolicy Response { get; set; } = new()
    {
        Owner = ClockOwner.AskedParty,
        Normal = new() { Amount = 10, Unit = DurationUnit.WorkingDays },
        Urgent = new() { Amount = 3, Unit = DurationUnit.WorkingDays },
    };
}

/// <summary>How long one stage may take, by priority, and who owes it.</summary>
public sealed class StagePolicy
{
    public ClockOwner Owner { get; set; }

    public DurationPolicy Normal { get; set; } = new();

    public DurationPolicy Urgent { get; set; } = new();
}

public sealed class DurationPolicy
{
    public int Amount { get; set; }

    public DurationUnit Unit { get; set; } = DurationUnit.WorkingDays;
}

/// <summary>Working days follow the owing party's calendar; the others are plain elapsed time.</summary>
public enum DurationUnit { WorkingDays = 1, CalendarDays = 2, Hours = 3, Minutes = 4 }

public enum ClockOwner { FilingParty = 1, OtherParty = 2, EachParty = 3, AskedParty = 4 }

/// <summary>Names the key of every bad setting, so that a bad policy stops the server with a usable message.</summary>
public sealed partial class DeadlineOptionsValidator : IValidateOptions<DeadlineOptions>
{
    public ValidateOptionsResult Validate(string? name, DeadlineOptions options)
    {
        var failures = new List<string>();
        if (!(options.WarningFraction > 0 && options.WarningFraction < 1))
        {
            failures.Add($"Deadlines:WarningFraction must be between 0 and 1 (got {options.WarningFraction}).");
        }
        if (options.CoChairEscalationAfter <= TimeSpan.Zero)
        {
            failures.Add($"Deadlines:CoChairEscalationAfter must be positive (got {options.CoChairEscalationAfter}).");
        }
        if (!CronShape().IsMatch(options.ScanCron.Trim()))
        {
            failures.Add($"Deadlines:ScanCron must be a cron expression of 5 fields, or 6 with seconds first (got '{options.ScanCron}').");
        }
        if (options.CalendarDirectory.Length > 0 && !Directory.Exists(options.CalendarDirectory))
        {
            failures.Add($"Deadlines:CalendarDirectory '{options.CalendarDirectory}' does not exist.");
        }
        Check(failures, "Intake", options.Intake, allowEachParty: false);
        Check(failures, "Investigation", options.Investigation, allowEachParty: true);
        Check(failures, "Resolution", options.Resolution, allowEachParty: true);
        Check(failures, "Response", options.Response, allowEachParty: false, response: true);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string stage, StagePolicy policy, bool allowEachParty, bool response = false)
    {
        if (!response && (!Enum.IsDefined(policy.Owner) || policy.Owner == ClockOwner.AskedParty || (!allowEachParty && policy.Owner == ClockOwner.EachParty)))
        {
            failures.Add($"Deadlines:{stage}:Owner must be FilingParty, OtherParty{(allowEachParty ? " or EachParty" : string.Empty)} (got {policy.Owner}).");
        }
        foreach (var (priority, duration) in new[] { ("Normal", policy.Normal), ("Urgent", policy.Urgent) })
        {
            if (duration.Amount < 1)
            {
                failures.Add($"Deadlines:{stage}:{priority}:Amount must be at least 1 (got {duration.Amount}).");
            }
            if (!Enum.IsDefined(duration.Unit))
            {
                failures.Add($"Deadlines:{stage}:{priority}:Unit must be WorkingDays, CalendarDays, Hours or Minutes (got {duration.Unit}).");
            }
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[0-9A-Za-z*/,?#LW-]+( [0-9A-Za-z*/,?#LW-]+){4,5}$")]
    private static partial System.Text.RegularExpressions.Regex CronShape();
}
