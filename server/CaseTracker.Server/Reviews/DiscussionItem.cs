using System.Globalization;

namespace CaseTracker.Server.Reviews;

/// <summary>
/// Why a case is on the list for discussion: a deadline breached or escalated to the co-chairs in the month,
/// open longer than configured, or awaiting a party's response (shown with the days, whatever put the case on the list).
/// </summary>
public sealed record DiscussionReason(bool Breached, bool ToCoChairs, bool OpenLong, string AwaitingParty, int AwaitingDays)
{
    public bool Escalated => Breached || ToCoChairs;

    /// <summary>The reasons as codes separated by <c>;</c>: <c>ESCALATED</c>, <c>OPEN_LONG</c>, <c>AWAITING_PARTY</c>.</summary>
    public string Codes => string.Join(';', new[]
    {
        Escalated ? "ESCALATED" : null,
        OpenLong ? "OPEN_LONG" : null,
        AwaitingParty.Length > 0 ? "AWAITING_PARTY" : null,
    }.OfType<string>());

    /// <summary>The escalation steps reached in the month: <c>BREACH</c>, <c>ESCALATION_TO_CO_CHAIRS</c>.</summary>
    public IReadOnlyList<string> EscalationSteps =>
        [.. new[] { Breached ? "BREACH" : null, ToCoChairs ? "ESCALATION_TO_CO_CHAIRS" : null }.OfType<string>()];
}

/// <summary>A case on the list for discussion, as the report and the summary show it.</summary>
public sealed record DiscussionItem(string Reference, string Stage, int AgeDays, string FilingParty, DiscussionReason Reason, int Breaches)
{
    public string ToLine() => string.Join('\t',
        Reference, Stage, Number(AgeDays), FilingParty, Number(Breaches),
        Flag(Reason.Breached), Flag(Reason.ToCoChairs), Flag(Reason.OpenLong), Reason.AwaitingParty, Number(Reason.AwaitingDays));

    public static DiscussionItem FromLine(string line)
    {
        var cells = line.Split('\t');
        var reason = new DiscussionReason(cells[5] == "1", cells[6] == "1", cells[7] == "1", cells[8], int.Parse(cells[9], CultureInfo.InvariantCulture));
        return new DiscussionItem(cells[0], cells[1], int.Parse(cells[2], CultureInfo.InvariantCulture), cells[3], reason, int.Parse(cells[4], CultureInfo.InvariantCulture));
    }

    private static string Flag(bool value) => value ? "1" : "0";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
