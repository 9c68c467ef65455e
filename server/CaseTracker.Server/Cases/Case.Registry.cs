using System.Globalization;

namespace CaseTracker.Server.Cases;

/// <summary>
/// The subject on the registry of controlled persons, as the registry snapshots show them (<c>Reconciliation/</c>
/// compares each snapshot with the one before). Recorded by the server, not by a person: like a note, a change of
/// standing does not move the etag, so it never makes someone's conditional change fail.
/// </summary>
public sealed partial class Case
{
    /// <summary>The subject's standing on the registry; null while no snapshot has matched them.</summary>
    public RegistryStanding? Registry { get; private set; }

    /// <summary>Whether the proposed or agreed remedy is delisting: what a delisting seen on the registry confirms.</summary>
    public bool AwaitsDelisting => Resolution is { ProposedOutcome: Cases.Outcome.ViolationConfirmed, Remedy: Cases.Remedy.Delisted };

    /// <summary>
    /// A snapshot lists the subject. Gives the REGISTRY_LISTED event when they were not listed before (or when
    /// <paramref name="force"/>: a proposal was made), null otherwise; their standing follows the snapshot — its record
    /// and ground, the run's start kept.
    /// </summary>
    public CaseEventDraft? ListedOnRegistry(string snapshot, DateTime asOf, string record, RegistryGround? ground, string proposal, string notified, bool force)
    {
        var wasListed = Registry is { Listed: true };
        Registry = new RegistryStanding(true, wasListed ? Registry!.Since : asOf, ground, snapshot, record, Registry?.RemedyConfirmTime);
        if (wasListed && !force)
        {
            return null;
        }
        return CaseEventDraft.Of(CaseEventType.RegistryListed,
            ("snapshot", snapshot), ("as_of_time", asOf.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)),
            ("record", record), ("ground", ground?.ToString() ?? string.Empty), ("proposal", proposal), ("notified", notified));
    }

    /// <summary>
    /// A snapshot dropped the subject. Where the proposed or agreed remedy is delisting, the remedy is confirmed
    /// (once: a later delisting keeps the first confirmation). Gives the REGISTRY_DELISTED event.
    /// </summary>
    public CaseEventDraft DelistedFromRegistry(string snapshot, DateTime asOf, string previousRecord, RegistryGround? ground, DateTime now)
    {
        var confirms = AwaitsDelisting;
        var confirmTime = Registry?.RemedyConfirmTime ?? (confirms ? now : null);
        Registry = new RegistryStanding(false, asOf, ground ?? Registry?.Ground, snapshot, previousRecord, confirmTime);
        return CaseEventDraft.Of(CaseEventType.RegistryDelisted,
            ("snapshot", snapshot), ("as_of_time", asOf.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)), ("record", previousRecord), ("ground", ground?.ToString() ?? string.Empty),
            ("remedy_confirmed", confirms ? "true" : "false"),
            ("finding_time", confirms ? Resolution!.ProposeTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture) : string.Empty));
    }
}

/// <summary>
/// The subject on the registry: listed or not on the latest snapshot that decided it, since when, on which ground,
/// which snapshot and record, and when a delisting confirmed a delisting remedy.
/// </summary>
public sealed record RegistryStanding(bool Listed, DateTime Since, RegistryGround? Ground, string Snapshot, string Record, DateTime? RemedyConfirmTime);
