using CaseTracker.Client;
using CaseTracker.Client.Audit;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CaseTracker.Server.Disclosures;

/// <summary>
/// Appends disclosures to their own hash chain. A read is not a mutation, but a disclosure must not be lost: the
/// response that makes it is sent only after its rows are committed. They go through the one writer, so they
/// share the batch, the transaction and the fsync of whatever else is being written, and the chain head is read
/// inside that transaction, under the writer's lock, as the event log's is.
/// </summary>
public sealed class DisclosureLog(BatchingWriter writer)
{
    /// <summary>Records the disclosures <paramref name="caller"/>'s response to <paramref name="method"/> is about to make; returns once committed.</summary>
    public Task RecordAsync(Actor caller, string method, IReadOnlyList<DisclosureDraft> drafts, CancellationToken cancellationToken)
    {
        if (drafts.Count == 0)
        {
            return Task.CompletedTask;
        }
        return writer.WriteAsync(session => AppendAsync(session, caller, method, drafts), cancellationToken);
    }

    private static async Task<int> AppendAsync(WriteSession session, Actor caller, string method, IReadOnlyList<DisclosureDraft> drafts)
    {
        var db = session.Db;
        // Rows appended earlier in this transaction were inserted directly, so the head read here includes them.
        var head = await db.Disclosures.AsNoTracking().OrderByDescending(d => d.Sequence)
            .Select(d => new { d.Sequence, d.Hash }).FirstOrDefaultAsync();
        var (sequence, previous) = head is null ? (0L, CaseEventHashing.Genesis) : (head.Sequence, head.Hash);
        var party = ContractNames.Of((V1.Party)caller.Party);
        var role = ContractNames.Of((V1.Role)caller.Role);
        using var insert = new PreparedInsert(db.Database.GetDbConnection(), db.Database.CurrentTransaction!.GetDbTransaction(), "Disclosures",
            "Sequence", "DiscloseTime", "CallerParty", "Caller", "CallerRole", "CaseId", "Record", "Fields", "Method", "PreviousHash", "Hash");
        foreach (var draft in drafts)
        {
            sequence++;
            var caseName = draft.CaseId.Length == 0 ? string.Empty : CaseNames.Format(draft.CaseId);
            var hash = DisclosureHashing.Compute(sequence, session.Now, party, caller.Id, role, caseName, draft.Record, draft.Fields, method, previous);
            insert.Insert(sequence, session.Now, (int)caller.Party, caller.Id, (int)caller.Role, draft.CaseId, draft.Record,
                string.Join(',', draft.Fields), method, previous, hash);
            previous = hash;
        }
        return drafts.Count;
    }
}
