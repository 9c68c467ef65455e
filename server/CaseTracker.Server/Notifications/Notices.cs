using System.Globalization;
using CaseTracker.Server.Cases;

namespace CaseTracker.Server.Notifications;

/// <summary>
/// The notices other rooms hand to <c>WriteSession.Notify</c>, built here so that the routing table stays in this room:
/// the room that knows the moment calls one line, this room decides who hears it.
/// </summary>
public static class Notices
{
    /// <summary>A month's review is built and waits for each party's sign-off: both parties' supervisors and co-chairs.</summary>
    public static NoticeDraft MonthlyReviewReady(string month, int attempt) =>
        new(NotificationKind.MonthlyReviewReady, $"reviews/{month}/attempts/{attempt.ToString(CultureInfo.InvariantCulture)}",
            [.. Audience.BothParties(Role.Supervisor), .. Audience.BothParties(Role.CoChair)])
        {
            Details = new Dictionary<string, string> { ["month"] = month, ["resource"] = $"reviews/{month}" },
        };

    /// <summary>A list's reconciliation finished with records for a reviewer: the importing party's supervisors.</summary>
    public static NoticeDraft ReconciliationAmbiguous(string reconciliationId, Party importingParty, long ambiguous) =>
        new(NotificationKind.ReconciliationAmbiguous, $"reconciliations/{reconciliationId}", [Audience.Supervisors(importingParty)])
        {
            Details = new Dictionary<string, string>
            {
                ["list"] = $"reconciliations/{reconciliationId}",
                ["ambiguous"] = ambiguous.ToString(CultureInfo.InvariantCulture),
                ["resource"] = $"reconciliations/{reconciliationId}",
            },
        };

    /// <summary>
    /// A registry snapshot newly lists a returned-home person who has no case, with a proposal to file one: the
    /// supervisors of both parties. (With a case, its REGISTRY_LISTED event tells them: <see cref="NotificationRouter"/>.)
    /// </summary>
    public static NoticeDraft RegistryProposal(string snapshot, DateTime asOf, string record, string ground, string proposal) =>
        new(NotificationKind.RegistryProposal, $"{record}/proposal", Audience.BothParties(Role.Supervisor))
        {
            Details = RegistryDetails(snapshot, asOf, record, ground, proposal),
        };

    /// <summary>What a registry proposal's notice names: the snapshot and its as-of time (UTC), the record, the ground (the domain's name) and the proposal (the contract's).</summary>
    public static Dictionary<string, string> RegistryDetails(string snapshot, DateTime asOf, string record, string ground, string proposal) => new()
    {
        ["snapshot"] = snapshot,
        ["snapshot_time"] = asOf.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
        ["record"] = record,
        ["ground"] = ground,
        ["proposal"] = proposal,
        ["resource"] = snapshot,
    };
}
