using CaseTracker.Server.Deadlines;
using CaseTracker.Server.Storage;

namespace CaseTracker.Server.Cases;

/// <summary>
/// Files a case in the writer's transaction: the next reference of the year, its event, its search keys, its lead and its clocks. Used by
/// CreateCase and by the reconciliation's bulk filing, so a case is filed the same way whoever files it.
/// </summary>
public sealed class CaseFiling(CaseClocks clocks)
{
    /// <summary>Files the case for the caller's party, or for <paramref name="filingParty"/> when it is filed on that party's behalf.</summary>
    public async Task<Case> FileAsync(WriteSession session, CaseDetails details, Actor caller, Party? filingParty = null)
    {
        var year = session.Now.Year;
        var number = await session.NextReferenceNumberAsync(year);
        var (created, draft) = Case.File(year, number, details, caller, session.Now, filingParty);
        session.Db.Cases.Add(created);
        CaseSearchKeys.AddFor(session, created);
        CaseLeads.AddFor(session, created);
        session.RecordEvent(created.Id, draft, caller);
        await clocks.SyncAsync(session, created);
        return created;
    }
}
