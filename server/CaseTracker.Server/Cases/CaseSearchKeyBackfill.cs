using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Cases;

/// <summary>
/// Gives the cases filed before the search keys existed (a record migrated from an earlier version) their keys, once,
/// at start after the migrations: the keys are folded in C#, so no migration can write them. A case that has keys is
/// never read again; one whose subject gives none is read at each start, which costs a query.
/// </summary>
public static class CaseSearchKeyBackfill
{
    private const int CasesPerBatch = 2_000;

    /// <summary>
    /// Writes the missing keys in batches of <see cref="CasesPerBatch"/> cases, each in its own transaction. On
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
                .Where(c => string.Compare(c.Id, afterId) > 0 && !db.CaseSearchKeys.Any(k => k.CaseId == c.Id))
                .OrderBy(c => c.Id)
                .Select(c => new { c.Id, c.Subject })
                .Take(CasesPerBatch)
                .ToList();
            if (batch.Count == 0)
            {
                return;
            }
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
