using System.Globalization;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Grpc;
using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Deadlines;

/// <summary>The clocks of one case or of all cases, in order of due time, and their recomputation after a calendar or policy change.</summary>
public sealed class CaseDeadlines(
    IDbContextFactory<CaseTrackerDbContext> contexts, IdempotentWriter writer, CaseClocks clocks, Pager pager, TimeProvider clock)
{
    /// <summary>The parent that stands for every case.</summary>
    public const string AllCases = "cases/-";

    public async Task<V1.ListDeadlinesResponse> ListAsync(V1.ListDeadlinesRequest request, CancellationToken cancellationToken)
    {
        RequireParent(request.Parent);
        var clauses = DeadlineFilter.Parse(request.Filter);
        var page = pager.Open(request.PageSize, request.PageToken,
            $"deadlines\n{(request.Parent == AllCases ? "-" : CaseNames.TryParse(request.Parent))}\n{request.Filter}");

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var deadlines = await SelectAsync(db, request.Parent, clauses, cancellationToken);
        if (page.Position is { } position)
        {
            var (due, caseId, number) = DeadlineFilter.ReadPosition(position);
            deadlines = deadlines.Where(d => d.DueTime > due
                || (d.DueTime == due && (string.Compare(d.CaseId, caseId) > 0 || (d.CaseId == caseId && d.Number > number))));
        }
        var fetched = await deadlines.OrderBy(d => d.DueTime).ThenBy(d => d.CaseId).ThenBy(d => d.Number)
            .Take(page.Fetch).ToListAsync(cancellationToken);
        return new V1.ListDeadlinesResponse
        {
            Deadlines = { page.Items(fetched).Select(DeadlineMapper.ToProto) },
            NextPageToken = page.NextToken(fetched, DeadlineFilter.PositionOf),
        };
    }

    /// <summary>The clocks of each owing party and state, counted by the database (one grouped query on the clocks' index).</summary>
    public async Task<V1.CountDeadlinesResponse> CountAsync(V1.CountDeadlinesRequest request, CancellationToken cancellationToken)
    {
        RequireParent(request.Parent);
        var clauses = DeadlineFilter.Parse(request.Filter);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var deadlines = await SelectAsync(db, request.Parent, clauses, cancellationToken);
        var groups = await deadlines.GroupBy(d => new { d.OwingParty, d.State })
            .Select(g => new { g.Key.OwingParty, g.Key.State, Count = g.LongCount() })
            .ToListAsync(cancellationToken);
        var counts = groups.OrderBy(g => g.OwingParty).ThenBy(g => g.State)
            .Select(g => new V1.DeadlineCount { OwingParty = (V1.Party)g.OwingParty, State = (V1.DeadlineState)g.State, Count = g.Count })
            .ToList();
        return new V1.CountDeadlinesResponse { Counts = { counts }, Total = counts.Sum(c => c.Count) };
    }

    private void RequireParent(string parent)
    {
        if (parent != AllCases)
        {
            new RequestValidator(clock).CaseName("parent", parent).ThrowIfInvalid();
        }
    }

    /// <summary>The clocks of the parent (every case's for <see cref="AllCases"/>, NOT_FOUND for a case that does not exist) that pass the filter.</summary>
    private static async Task<IQueryable<Deadline>> SelectAsync(
        CaseTrackerDbContext db, string parent, IReadOnlyList<System.Linq.Expressions.Expression<Func<Deadline, bool>>> clauses, CancellationToken cancellationToken)
    {
        IQueryable<Deadline> deadlines = db.Deadlines.AsNoTracking();
        if (parent != AllCases)
        {
            var found = await CaseAccess.FindAsync(db.Cases.AsNoTracking(), parent, cancellationToken);
            deadlines = deadlines.Where(d => d.CaseId == found.Id);
        }
        foreach (var clause in clauses)
        {
            deadlines = deadlines.Where(clause);
        }
        return deadlines;
    }

    public Task<V1.RecomputeDeadlinesResponse> RecomputeAsync(V1.RecomputeDeadlinesRequest request, Actor caller, string method, CancellationToken cancellationToken)
    {
        new RequestValidator(clock).CaseName("name", request.Name).RequestId(request.RequestId).ThrowIfInvalid();
        return writer.RunAsync(caller, method, request, request.RequestId, async session =>
        {
            var found = await CaseAccess.FindToChangeAsync(session, request.Name, caller, method);
            var changed = await clocks.RecomputeAsync(session, found);
            session.RecordEvent(found.Id, CaseEventDraft.Of(CaseEventType.DeadlinesRecomputed,
                ("clocks", changed.Count.ToString(CultureInfo.InvariantCulture)),
                ("calendar_versions", string.Join(",", changed.Select(d => d.CalendarVersion).Distinct().Order(StringComparer.Ordinal)))), caller);
            var all = session.Db.Deadlines.Local.Where(d => d.CaseId == found.Id).OrderBy(d => d.Number);
            return new V1.RecomputeDeadlinesResponse { Deadlines = { all.Select(DeadlineMapper.ToProto) } };
        }, async (session, stored) =>
        {
            // Replayed only while the caller may still recompute this case's clocks.
            await CaseAccess.FindToChangeAsync(session, request.Name, caller, method);
            return stored;
        }, cancellationToken);
    }
}
