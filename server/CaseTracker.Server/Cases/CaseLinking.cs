using CaseTracker.Server.Deadlines;
using CaseTracker.Server.Grpc;
using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Cases;

/// <summary>
/// Links between cases, in the writer's transaction: LinkCases, UnlinkCases and CloseAsDuplicate change two cases
/// at once, each with its own event. The caller's relation is checked on the case the request names first (the one
/// it works); the other case need only exist, as every role may read it.
/// </summary>
public sealed class CaseLinking(CaseClocks clocks)
{
    /// <summary>Links <paramref name="name"/> to <paramref name="other"/>.</summary>
    public async Task<(Case Case, Case Other)> LinkAsync(
        WriteSession session, string name, string other, LinkKind kind, string reason, Actor caller, string method)
    {
        var (first, second) = await FindPairAsync(session, name, other, caller, method);
        var (firstEvent, secondEvent) = first.LinkTo(second, kind, reason, caller, session.Now);
        session.RecordEvent(first.Id, firstEvent, caller);
        session.RecordEvent(second.Id, secondEvent, caller);
        return (first, second);
    }

    /// <summary>Removes the link between <paramref name="name"/> and <paramref name="other"/>.</summary>
    public async Task<(Case Case, Case Other)> UnlinkAsync(
        WriteSession session, string name, string other, string reason, Actor caller, string method)
    {
        var (first, second) = await FindPairAsync(session, name, other, caller, method);
        var (firstEvent, secondEvent) = first.UnlinkFrom(second, reason, session.Now);
        session.RecordEvent(first.Id, firstEvent, caller);
        session.RecordEvent(second.Id, secondEvent, caller);
        return (first, second);
    }

    /// <summary>Closes <paramref name="name"/> as a duplicate of <paramref name="original"/>; its clocks stop as at any close.</summary>
    public async Task<(Case Duplicate, Case Original)> CloseAsDuplicateAsync(
        WriteSession session, string name, string original, string reason, string etag, Actor caller, string method)
    {
        var (duplicate, kept) = await FindPairAsync(session, name, original, caller, method);
        CaseAccess.RequireEtag(duplicate, etag);
        var notes = await session.Db.Notes.AsNoTracking().Where(n => n.CaseId == duplicate.Id).Select(n => n.Number).ToListAsync();
        // A note added earlier in the same batch is not saved yet: the writer's tracker holds it.
        var noteNames = notes.Union(session.Db.Notes.Local.Where(n => n.CaseId == duplicate.Id).Select(n => n.Number)).Order()
            .Select(n => CaseNames.FormatNote(duplicate.Id, n)).ToList();
        var (closedEvent, originalEvent) = duplicate.CloseAsDuplicateOf(kept, reason, noteNames, caller, session.Now);
        session.RecordEvent(duplicate.Id, closedEvent, caller);
        session.RecordEvent(kept.Id, originalEvent, caller);
        await clocks.SyncAsync(session, duplicate);
        return (duplicate, kept);
    }

    private static async Task<(Case First, Case Second)> FindPairAsync(WriteSession session, string name, string other, Actor caller, string method)
    {
        var first = await CaseAccess.FindToChangeAsync(session, name, caller, method);
        var second = await session.FindCaseAsync(CaseNames.TryParse(other)!) ?? throw ApiException.CaseNotFound(other);
        return (first, second);
    }
}
