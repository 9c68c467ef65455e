using CaseTracker.Server.Cases;
using CaseTracker.Server.Notifications;
using CaseTracker.Server.Storage;

namespace CaseTracker.Server.Reconciliation;

/// <summary>
/// Tells the supervisors of both parties about a proposal a registry snapshot made, through their inboxes
/// (<c>Notifications/</c>). With a case, the case's REGISTRY_LISTED event carries the proposal and the notification
/// router sends it from the event; for a person with no case, the notice is handed to the write session here. Either
/// way it is written in the comparison's transaction, once per change and recipient. Nothing in it is personal data:
/// the snapshot and its as-of time, the record's name, the ground, the case's reference and the proposal.
/// </summary>
public sealed class RegistryNotices
{
    /// <summary>Whom a registry proposal is for, as the case's event records it: the supervisors of both parties.</summary>
    public const string Recipients = "RU supervisors; TJ supervisors";

    /// <summary>Tells the supervisors of both parties; gives whom it told, for the case's event.</summary>
#pragma warning disable CA1822 // an instance, registered once, like the other pieces of the comparison
    public string Notify(WriteSession session, PersonList snapshot, RegistryChangeRow change, Case? c)
#pragma warning restore CA1822
    {
        if (c is null)
        {
            session.Notify(Notices.RegistryProposal(ReconciliationNames.Format(snapshot.Name), snapshot.AsOfTime,
                ReconciliationNames.Record(change.RecordList, change.Line), change.Ground?.ToString() ?? string.Empty, ReconciliationMapper.NameOf(change.Proposal)));
        }
        return Recipients;
    }
}
