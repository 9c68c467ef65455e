using CaseTracker.Server.Cases;
using CaseTracker.Server.Reconciliation;
using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Disclosures;

/// <summary>
/// The edge of every response that carries subject data: applies <see cref="DisclosureRule"/> for the caller and
/// records, in the disclosure log, what the response shows to someone outside the party holding it — before the
/// response is returned. Endpoints pass their cases and list records through here just before they answer.
/// </summary>
public sealed class SubjectDisclosures(IDbContextFactory<CaseTrackerDbContext> contexts, DisclosureLog log)
{
    /// <summary>The case as <paramref name="viewer"/> may see it, once what it discloses is recorded.</summary>
    public async Task<V1.Case> ShowAsync(V1.Case c, Actor viewer, string method, CancellationToken cancellationToken)
    {
        await ShowAsync([c], viewer, method, cancellationToken);
        return c;
    }

    /// <summary>Applies the rule to each case, in place, and records what they disclose, in one write.</summary>
    public Task ShowAsync(IReadOnlyList<V1.Case> cases, Actor viewer, string method, CancellationToken cancellationToken)
    {
        var drafts = new List<DisclosureDraft>();
        foreach (var c in cases)
        {
            var shown = DisclosureRule.Apply(c, viewer);
            if (shown.Count > 0)
            {
                drafts.Add(new DisclosureDraft(CaseNames.TryParse(c.Name) ?? string.Empty, string.Empty, shown));
            }
        }
        return log.RecordAsync(viewer, MethodName(method), drafts, cancellationToken);
    }

    /// <summary>
    /// Applies the rule to records of the list <paramref name="listId"/>, which <paramref name="listParty"/> imported,
    /// in place, and records what they disclose, in one write. The consent of the cases they matched is read for
    /// them all at once, and only for a caller of the other party who is not a co-chair.
    /// </summary>
    public async Task ShowAsync(
        IReadOnlyList<V1.ReconciliationResult> results, string listId, Party listParty, Actor viewer, string method, CancellationToken cancellationToken)
    {
        if (viewer.Party == listParty)
        {
            return; // the importing party's own data
        }
        var consenting = viewer.Role == Role.CoChair ? [] : await ConsentingCasesAsync(results, listParty, cancellationToken);
        var drafts = new List<DisclosureDraft>();
        foreach (var result in results)
        {
            var caseId = CaseNames.TryParse(result.MatchedCase) ?? string.Empty;
            var shown = DisclosureRule.Apply(result, listParty, consenting.Contains(caseId), viewer);
            if (shown.Count > 0)
            {
                var matched = DisclosureRule.IsMatchedToCase(result) ? caseId : string.Empty;
                drafts.Add(new DisclosureDraft(matched, ReconciliationNames.Record(listId, result.Record.Line), shown));
            }
        }
        await log.RecordAsync(viewer, MethodName(method), drafts, cancellationToken);
    }

    /// <summary>The IDs of the cases, among those the results matched, that <paramref name="listParty"/> filed and whose subject's consent to share stands.</summary>
    private async Task<HashSet<string>> ConsentingCasesAsync(IReadOnlyList<V1.ReconciliationResult> results, Party listParty, CancellationToken cancellationToken)
    {
        var ids = results.Where(DisclosureRule.IsMatchedToCase).Select(r => CaseNames.TryParse(r.MatchedCase)).OfType<string>()
            .Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return [];
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var cases = await db.Cases.AsNoTracking().Where(c => ids.Contains(c.Id) && c.FilingParty == listParty).ToListAsync(cancellationToken);
        return cases.Where(c => DisclosureRule.ConsentToShareStands(c.Consent)).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The method's short name: <c>GetCase</c> of <c>/casetracker.v1.CaseService/GetCase</c>.</summary>
    private static string MethodName(string method) => method[(method.LastIndexOf('/') + 1)..];
}
