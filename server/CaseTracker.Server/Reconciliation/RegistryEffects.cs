using CaseTracker.Server.Cases;
using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Reconciliation;

/// <summary>
/// What a compared registry snapshot does to cases, in the comparison's transaction. Only records the matcher
/// matched to a case count (MATCHED_OPEN_CASE, MATCHED_CLOSED_CASE): an ambiguous record — one a withheld passport
/// could have decided among them — changes no case, so no effect tells the importing party more than its results do.
/// <list type="bullet">
/// <item>A case whose subject the previous snapshot held and this one dropped is delisted (REGISTRY_DELISTED); where the
/// proposed or agreed remedy is delisting, the remedy is confirmed.</item>
/// <item>A case whose subject this snapshot holds is listed; a subject not listed before gets REGISTRY_LISTED.</item>
/// <item>A person newly on the registry who is on the other party's returned-home list, or the subject of a closed case
/// that ended in their delisting or return home, gets a proposal for a supervisor (<see cref="RegistryProposal"/>),
/// kept on the change, and the supervisors of both parties are told (<see cref="RegistryNotices"/>).</item>
/// </list>
/// </summary>
public sealed class RegistryEffects(RegistryNotices notices)
{
    /// <summary>The server, recording what a registry snapshot showed: it has no party and no role.</summary>
    public static readonly Actor Registry = new("casetracker.registry", default, default);

    /// <summary>Cases loaded per query.</summary>
    private const int CasesPerQuery = 500;

    public async Task ApplyAsync(WriteSession session, PersonList snapshot)
    {
        var db = session.Db;
        var name = snapshot.Name;
        var listed = await db.PersonListRows.AsNoTracking()
            .Where(r => r.List == name && (r.Outcome == ReconciliationOutcome.MatchedOpenCase || r.Outcome == ReconciliationOutcome.MatchedClosedCase))
            .Select(r => new Listing(r.Line, r.MatchedCase, r.Ground))
            .ToListAsync();
        var removed = await db.RegistryChanges.AsNoTracking()
            .Where(c => c.List == name && c.Kind == RegistryChangeKind.Removed && c.CaseName != string.Empty)
            .Select(c => new Removal(c.RecordList, c.Line, c.CaseName, c.PreviousGround))
            .ToListAsync();
        var added = await NewListingsToWeighAsync(db, name);
        var cases = await LoadCasesAsync(db, listed.Select(l => l.Case).Concat(removed.Select(r => r.Case)).Concat(added.Select(a => a.Row.MatchedCase)));

        var proposals = new Dictionary<long, (RegistryProposal Proposal, string Notified)>();
        foreach (var (change, row) in added)
        {
            var c = cases.GetValueOrDefault(row.MatchedCase);
            var proposal = ProposalFor(row, c);
            if (proposal != RegistryProposal.None)
            {
                change.Propose(proposal, row.MatchedCase);
                proposals[change.Line] = (proposal, notices.Notify(session, snapshot, change, c));
            }
        }
        var stillListed = listed.Select(l => l.Case).ToHashSet(StringComparer.Ordinal);
        // One delisting per case, even where the previous snapshot held its subject twice.
        foreach (var removal in removed.Where(r => !stillListed.Contains(r.Case) && cases.ContainsKey(r.Case)).DistinctBy(r => r.Case))
        {
            var c = cases[removal.Case];
            session.RecordEvent(c.Id, c.DelistedFromRegistry(
                ReconciliationNames.Format(name), snapshot.AsOfTime, ReconciliationNames.Record(removal.List, removal.Line), removal.Ground, session.Now), Registry);
        }
        foreach (var listing in listed.Where(l => cases.ContainsKey(l.Case)))
        {
            var c = cases[listing.Case];
            var (proposal, notified) = proposals.GetValueOrDefault(listing.Line, (RegistryProposal.None, string.Empty));
            var draft = c.ListedOnRegistry(ReconciliationNames.Format(name), snapshot.AsOfTime, ReconciliationNames.Record(name, listing.Line), listing.Ground,
                proposal == RegistryProposal.None ? string.Empty : ReconciliationMapper.NameOf(proposal), notified, force: proposal != RegistryProposal.None);
            if (draft is not null)
            {
                session.RecordEvent(c.Id, draft, Registry);
            }
        }
    }

    /// <summary>
    /// What a supervisor is asked to decide about a newly listed person: reopen a closed case that ended in their
    /// delisting or return home (or whose subject is on the other party's returned-home list); propose "already
    /// returned home" on an open case whose subject is on that list; file a case for a returned-home person with none.
    /// </summary>
    private static RegistryProposal ProposalFor(PersonListRow row, Case? c)
    {
        var returnedHome = row.MatchedRecord.Length > 0;
        if (c is null)
        {
            return returnedHome && row.Outcome == ReconciliationOutcome.ReturnedHome ? RegistryProposal.FileCase : RegistryProposal.None;
        }
        if (!c.IsOpen)
        {
            var endedOffTheRegistry = c.Outcome == Outcome.AlreadyReturnedHome || (c.Outcome == Outcome.ViolationConfirmed && c.Resolution?.Remedy == Remedy.Delisted);
            return endedOffTheRegistry || returnedHome ? RegistryProposal.ReopenCase : RegistryProposal.None;
        }
        return returnedHome ? RegistryProposal.ProposeReturnedHome : RegistryProposal.None;
    }

    /// <summary>The persons added by the snapshot who are on a returned-home list or matched a closed case: the few a proposal may concern.</summary>
    private static async Task<List<(RegistryChangeRow Change, PersonListRow Row)>> NewListingsToWeighAsync(CaseTrackerDbContext db, string name)
    {
        var rows = await (
                from change in db.RegistryChanges
                where change.List == name && change.Kind == RegistryChangeKind.Added
                // Tracked, both: no-tracking anywhere would make the whole query untracked, and the proposal is set on the change.
                join row in db.PersonListRows on new { List = change.RecordList, change.Line } equals new { row.List, row.Line }
                where row.MatchedRecord != string.Empty || row.Outcome == ReconciliationOutcome.MatchedClosedCase
                select new { change, row })
            .ToListAsync();
        return [.. rows.Select(r => (r.change, r.row))];
    }

    private static async Task<Dictionary<string, Case>> LoadCasesAsync(CaseTrackerDbContext db, IEnumerable<string> names)
    {
        var ids = names.Select(CaseNames.TryParse).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var cases = new Dictionary<string, Case>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(CasesPerQuery))
        {
            foreach (var c in await db.Cases.Where(c => chunk.Contains(c.Id)).ToListAsync())
            {
                cases[CaseNames.Format(c.Id)] = c;
            }
        }
        return cases;
    }

    private sealed record Listing(long Line, string Case, RegistryGround? Ground);

    private sealed record Removal(string List, long Line, string Case, RegistryGround? Ground);
}
