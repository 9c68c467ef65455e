using CaseTracker.Server.Cases;
using CaseTracker.Server.Storage;

namespace CaseTracker.Server.Reconciliation;

/// <summary>
/// Tells the supervisors of both parties about a proposal a registry snapshot made. Until the task force's inbox
/// exists (issue 17), the notice is the case's REGISTRY_LISTED event, which names the proposal and whom it is for,
/// and for a person with no case the proposal on the snapshot's change (ListReconciliationChanges with
/// <c>proposal != REGISTRY_PROPOSAL_UNSPECIFIED</c>), which either party reads. Nothing in it is personal data: the
/// snapshot, the record's name, the case's name and the proposal.
/// </summary>
public sealed class RegistryNotices
{
    /// <summary>Whom a registry proposal is for: the supervisors of both parties.</summary>
    public const string Recipients = "RU supervisors; TJ supervisors";

    /// <summary>Tells the supervisors of both parties; gives whom it told, for the case's event.</summary>
#pragma warning disable CA1822 // an instance, registered once: the inbox it will write to is a dependency
    public string Notify(WriteSession session, PersonList snapshot, RegistryChangeRow change, Case? c) => Recipients;
#pragma warning restore CA1822
}
