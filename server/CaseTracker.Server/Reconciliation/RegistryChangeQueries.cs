using System.Globalization;
using System.Linq.Expressions;
using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Grpc;
using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Reconciliation;

/// <summary>
/// The stored changes of a registry snapshot against the previous one, each joined to its record (a removal's
/// record is the previous snapshot's), in order of kind and line, with their counts and filter.
/// </summary>
internal static class RegistryChangeQueries
{
    public static IQueryable<ChangeWithRecord> Changes(CaseTrackerDbContext db, string name, IReadOnlyList<Expression<Func<RegistryChangeRow, bool>>> filter)
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
    public static async Task<PersonList> RequireSnapshotAsync(CaseTrackerDbContext db, string name, string resource, CancellationToken cancellationToken) =>
        await db.PersonLists.AsNoTracking().FirstOrDefaultAsync(l => l.Name == name, cancellationToken)
            ?? throw ReconciliationRefusals.ReconciliationNotFound(resource);

    /// <summary>Counts of a compared snapshot's changes per kind and per proposal, for the reconciliation resource.</summary>
    public static async Task<Dictionary<string, long>> CountsAsync(CaseTrackerDbContext db, string name, CancellationToken cancellationToken)
    {
        var kinds = await db.RegistryChanges.AsNoTracking().Where(c => c.List == name).GroupBy(c => c.Kind)
            .Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(cancellationToken);
        var proposals = await db.RegistryChanges.AsNoTracking().Where(c => c.List == name && c.Proposal != RegistryProposal.None).GroupBy(c => c.Proposal)
            .Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(cancellationToken);
        return kinds.Select(k => (ReconciliationMapper.NameOf(k.Key), k.Count))
            .Concat(proposals.Select(p => (ReconciliationMapper.NameOf(p.Key), p.Count)))
            .ToDictionary(pair => pair.Item1, pair => pair.Item2, StringComparer.Ordinal);
    }

    public sealed class ChangeWithRecord
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
