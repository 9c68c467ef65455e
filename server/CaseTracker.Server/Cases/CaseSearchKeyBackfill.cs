using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Cases;

/// <summary>
/// Makes the search keys of the cases whose keys are missing or were folded by an earlier version of the name folding
/// (a record migrated from an earlier version), once, at start after the migrations: the keys are folded in C#, so no
/// migration can write them. Every case's keys include the folding's version (<see cref="SearchKeyKind.Folding"/>),
/// so a case with current keys is never read again, and raising <see cref="CaseSearchKeys.FoldingVersion"/> makes
/// the next start recompute them all.
/// </summary>
public static class CaseSearchKeyBackfill
{
    private const int CasesPerBatch = 2_000;

    /// <summary>
    /// Writes the keys anew in batches of <see cref="CasesPerBatch"/> cases, each in its own transaction. On
    /// PostgreSQL each batch first takes the writer's lock, so nodes starting together do not write the same keys twice.
    /// </summary>
    public static void Run(CaseTrackerDbContext db, bool postgres)
    {
        var afterId = string.Empty;
        while (true)
        {
            using var transaction = db.Database.BeginTransaction();
            if (postgres)
            {
                db.Database.ExecuteSqlRaw("SELECT pg_advisory_xact_lock({0})", WriterContexts.WriterLockKey);
            }
            var batch = db.Cases.AsNoTracking()
                .Where(c => string.Compare(c.Id, afterId) > 0
                    && !db.CaseSearchKeys.Any(k => k.CaseId == c.Id && k.Kind == SearchKeyKind.Folding && k.Key == CaseSearchKeys.FoldingVersion))
                .OrderBy(c => c.Id)
                .Select(c => new { c.Id, c.Subject })
                .Take(CasesPerBatch)
                .ToList();
            if (batch.Count == 0)
            {
                return;
            }
            var ids = batch.Select(c => c.Id).ToList();
            db.CaseSearchKeys.Where(k => ids.Contains(k.CaseId)).ExecuteDelete();
            foreach (var c in batch)
            {
                db.CaseSearchKeys.AddRange(CaseSearchKeys.Of(c.Subject).Select(k => new CaseSearchKey(c.Id, k.Kind, k.Key)));
            }
            db.SaveChanges();
            transaction.Commit();
            db.ChangeTracker.Clear();
            afterId = batch[^1].Id;
        }
    }
}
