using System.Globalization;
using System.Linq.Expressions;
using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Grpc;
using CaseTracker.Server.Storage;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Reconciliation;

/// <summary>
/// The changes of a registry snapshot against the previous one: paged and streamed, each with its record, which
/// passes <see cref="Disclosures.SubjectDisclosures"/> as the list's records do (a removal's record under the
/// previous snapshot's name, whose record it is).
/// </summary>
public sealed partial class ReconciliationGrpcService
{
    public override async Task<V1.ListReconciliationChangesResponse> ListReconciliationChanges(V1.ListReconciliationChangesRequest request, ServerCallContext context)
    {
        var name = ListName("parent", request.Parent);
        var page = pager.Open(request.PageSize, request.PageToken, $"changes\n{name}\n{request.Filter}");
        var filter = ChangeFilter.Parse(request.Filter);
        await using var db = await contexts.CreateDbContextAsync(context.CancellationToken);
        var list = await RequireSnapshotAsync(db, name, request.Parent, context.CancellationToken);
        var changes = Changes(db, name, filter);
        if (page.Position is { } position)
        {
            var (kind, line) = ChangePosition.Parse(position);
            changes = changes.Where(c => c.Change.Kind > kind || (c.Change.Kind == kind && c.Change.Line > line));
        }
        var fetched = await changes.Take(page.Fetch).ToListAsync(context.CancellationToken);
        var response = new V1.ListReconciliationChangesResponse
        {
            Changes = { page.Items(fetched).Select(c => ReconciliationMapper.ToProto(c.Change, c.Row, list.PreviousSnapshot)) },
            NextPageToken = page.NextToken(fetched, c => ChangePosition.Format(c.Change.Kind, c.Change.Line)),
        };
        await ShowChangesAsync(response.Changes, list, AuthenticationInterceptor.CallerOf(context), context);
        return response;
    }

    public override async Task DownloadReconciliationChanges(
        V1.DownloadReconciliationChangesRequest request, IServerStreamWriter<V1.ReconciliationChange> responseStream, ServerCallContext context)
    {
        var name = ListName("parent", request.Parent);
        var filter = ChangeFilter.Parse(request.Filter);
        await using var db = await contexts.CreateDbContextAsync(context.CancellationToken);
        var list = await RequireSnapshotAsync(db, name, request.Parent, context.CancellationToken);
        var viewer = AuthenticationInterceptor.CallerOf(context);
        var chunk = new List<V1.ReconciliationChange>(DownloadChunk);
        await foreach (var c in Changes(db, name, filter).AsAsyncEnumerable().WithCancellation(context.CancellationToken))
        {
            chunk.Add(ReconciliationMapper.ToProto(c.Change, c.Row, list.PreviousSnapshot));
            if (chunk.Count == DownloadChunk)
            {
                await WriteChangesShownAsync(chunk, list, viewer, responseStream, context);
            }
        }
        await WriteChangesShownAsync(chunk, list, viewer, responseStream, context);
    }

    private async Task WriteChangesShownAsync(
        List<V1.ReconciliationChange> chunk, PersonList list, Actor viewer, IServerStreamWriter<V1.ReconciliationChange> responseStream, ServerCallContext context)
    {
        await ShowChangesAsync(chunk, list, viewer, context);
        foreach (var change in chunk)
        {
            await responseStream.WriteAsync(change, context.CancellationToken);
        }
        chunk.Clear();
    }

    /// <summary>Applies the rule to the changes' records: a removal's under the previous snapshot, the others' under this one.</summary>
    private async Task ShowChangesAsync(IReadOnlyCollection<V1.ReconciliationChange> changes, PersonList list, Actor viewer, ServerCallContext context)
    {
        var removed = changes.Where(c => c.Kind == V1.ReconciliationChange.Types.Kind.Removed).Select(c => c.Result).ToList();
        var others = changes.Where(c => c.Kind != V1.ReconciliationChange.Types.Kind.Removed).Select(c => c.Result).ToList();
        await disclosures.ShowAsync(others, list.Name, list.SourceParty, viewer, context.Method, context.CancellationToken);
        if (removed.Count > 0)
        {
            await disclosures.ShowAsync(removed, list.PreviousSnapshot, list.SourceParty, viewer, context.Method, context.CancellationToken);
        }
    }

    private static IQueryable<ChangeWithRecord> Changes(CaseTrackerDbContext db, string name, IReadOnlyList<Expression<Func<RegistryChangeRow, bool>>> filter)
    {
        var changes = db.RegistryChanges.AsNoTracking().Where(c => c.List == name);
        foreach (var clause in filter)
        {
            changes = changes.Where(clause);
        }
        return from c in changes
               join r in db.PersonListRows.AsNoTracking() on new { List = c.RecordList, c.Line } equals new { r.List, r.Line }
               orderby c.Kind, c.Line
               select new ChangeWithRecord { Change = c, Row = r };
    }

    /// <summary>The list, which must be there (NOT_FOUND otherwise); any kind of list has changes, a list not a compared snapshot has none.</summary>
    private static async Task<PersonList> RequireSnapshotAsync(CaseTrackerDbContext db, string name, string resource, CancellationToken cancellationToken) =>
        await db.PersonLists.AsNoTracking().FirstOrDefaultAsync(l => l.Name == name, cancellationToken)
            ?? throw ReconciliationRefusals.ReconciliationNotFound(resource);

    /// <summary>Counts of a compared snapshot's changes per kind and per proposal, for the reconciliation resource.</summary>
    private static async Task<Dictionary<string, long>> ChangeCountsAsync(CaseTrackerDbContext db, string name, CancellationToken cancellationToken)
    {
        var kinds = await db.RegistryChanges.AsNoTracking().Where(c => c.List == name).GroupBy(c => c.Kind)
            .Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(cancellationToken);
        var proposals = await db.RegistryChanges.AsNoTracking().Where(c => c.List == name && c.Proposal != RegistryProposal.None).GroupBy(c => c.Proposal)
            .Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(cancellationToken);
        return kinds.Select(k => (ReconciliationMapper.NameOf(k.Key), k.Count))
            .Concat(proposals.Select(p => (ReconciliationMapper.NameOf(p.Key), p.Count)))
            .ToDictionary(pair => pair.Item1, pair => pair.Item2, StringComparer.Ordinal);
    }

    private sealed class ChangeWithRecord
    {
        public required RegistryChangeRow Change { get; init; }

        public required PersonListRow Row { get; init; }
    }
}

/// <summary>A page position among a snapshot's changes: kind and line.</summary>
internal static class ChangePosition
{
    public static string Format(RegistryChangeKind kind, long line) => $"{(int)kind}:{line.ToString(CultureInfo.InvariantCulture)}";

    public static (RegistryChangeKind Kind, long Line) Parse(string position)
    {
        var parts = position.Split(':');
        return ((RegistryChangeKind)int.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}

/// <summary>The filterable fields of a snapshot's changes: <c>kind</c> and <c>proposal</c>.</summary>
internal static class ChangeFilter
{
    private static readonly Dictionary<string, AipFilter<RegistryChangeRow>.ClauseBuilder> Fields = new(StringComparer.Ordinal)
    {
        ["kind"] = (op, v) => AipFilter<RegistryChangeRow>.EnumClause<V1.ReconciliationChange.Types.Kind, RegistryChangeKind>(op, v,
            x => c => c.Kind == x, x => c => c.Kind != x),
        ["proposal"] = Proposal,
    };

    public static IReadOnlyList<Expression<Func<RegistryChangeRow, bool>>> Parse(string filter) => new AipFilter<RegistryChangeRow>(Fields).Parse(filter);

    /// <summary>Like an enum clause, but REGISTRY_PROPOSAL_UNSPECIFIED may be named: <c>proposal != REGISTRY_PROPOSAL_UNSPECIFIED</c> is every proposal.</summary>
    private static Expression<Func<RegistryChangeRow, bool>> Proposal(string op, FilterValue value)
    {
        var text = value.Text.ToUpperInvariant();
        if (value.Quoted || !(ContractNames.TryParse<V1.RegistryProposal>(text, out var proposal) || ContractNames.TryParse("REGISTRY_PROPOSAL_" + text, out proposal)))
        {
            throw AipFilter<RegistryChangeRow>.Invalid($"'{value.Text}' is not one of {string.Join(", ", Enum.GetValues<V1.RegistryProposal>().Select(ContractNames.Of))}");
        }
        var wanted = (RegistryProposal)proposal;
        return op switch
        {
            "=" => c => c.Proposal == wanted,
            "!=" => c => c.Proposal != wanted,
            _ => throw AipFilter<RegistryChangeRow>.Invalid("proposal takes = or !="),
        };
    }
}
