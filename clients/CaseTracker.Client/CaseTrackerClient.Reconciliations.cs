using CaseTracker.V1;

namespace CaseTracker.Client;

/// <summary>Bulk person lists: what a registry snapshot changed against the one before.</summary>
public sealed partial class CaseTrackerClient
{
    /// <summary>
    /// Every change of a registry snapshot against the previous snapshot of its party — persons added, removed and
    /// moved to another ground, by kind then line — matching the request's filter, fetching page after page as it is
    /// enumerated. Each change carries its record under the same disclosure rule as the snapshot's results.
    /// </summary>
    /// <param name="request">The snapshot (<c>reconciliations/{reconciliation}</c>), the filter (<c>kind = KIND_ADDED</c>,
    /// <c>proposal != REGISTRY_PROPOSAL_UNSPECIFIED</c>), page size and first page token; left as it is (pages are read with a copy).</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    public IAsyncEnumerable<ReconciliationChange> ListAllReconciliationChangesAsync(ListReconciliationChangesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return AllPagesAsync<ListReconciliationChangesRequest, ReconciliationChange>(request, async copy =>
        {
            var page = await Reconciliations.ListReconciliationChangesAsync(copy, cancellationToken: cancellationToken).ConfigureAwait(false);
            return (page.Changes, page.NextPageToken);
        }, (copy, token) => copy.PageToken = token, cancellationToken);
    }
}
