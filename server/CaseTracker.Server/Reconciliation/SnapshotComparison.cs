using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Reconciliation;

/// <summary>
/// Compares a registry snapshot with the previous one in three set-based statements — the persons added, removed,
/// and on another ground — each looking the other snapshot up by person through the (list, person key) index, so
/// the cost grows linearly with the snapshots. Nothing is read into the server: the database writes the changes.
/// A change already written is skipped (the key is the snapshot, the kind and the record's line), so running the
/// comparison again writes nothing twice.
/// </summary>
public static class SnapshotComparison
{
    public static async Task WriteAsync(CaseTrackerDbContext db, string snapshot, string previous, CancellationToken cancellationToken)
    {
        var timeout = db.Database.GetCommandTimeout();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        try
        {
            await db.Database.ExecuteSqlRawAsync(Added, [snapshot, previous], cancellationToken);
            await db.Database.ExecuteSqlRawAsync(Removed, [snapshot, previous], cancellationToken);
            await db.Database.ExecuteSqlRawAsync(GroundChanged, [snapshot, previous], cancellationToken);
        }
        finally
        {
            db.Database.SetCommandTimeout(timeout);
        }
    }

    // {0} is the snapshot, {1} the previous one (EF Core sends them as parameters). The kinds are RegistryChangeKind's
    // numbers (1 added, 2 removed, 3 ground changed); a record's case is kept when it matched one (outcomes 1 and 2).
    // A NULL is cast to its column's type: PostgreSQL would take a bare one in a SELECT list for text.
    private const string Added = """
        INSERT INTO "RegistryChanges" ("List", "Kind", "Line", "RecordList", "PreviousLine", "Ground", "PreviousGround", "Proposal", "CaseName")
        SELECT {0}, 1, n."Line", n."List", CAST(NULL AS BIGINT), n."Ground", CAST(NULL AS INTEGER), 0, CASE WHEN n."Outcome" IN (1, 2) THEN n."MatchedCase" ELSE '' END
        FROM "PersonListRows" n
        WHERE n."List" = {0} AND n."PersonKey" <> ''
          AND NOT EXISTS (SELECT 1 FROM "PersonListRows" p WHERE p."List" = {1} AND p."PersonKey" = n."PersonKey")
        ON CONFLICT DO NOTHING
        """;

    private const string Removed = """
        INSERT INTO "RegistryChanges" ("List", "Kind", "Line", "RecordList", "PreviousLine", "Ground", "PreviousGround", "Proposal", "CaseName")
        SELECT {0}, 2, p."Line", p."List", p."Line", CAST(NULL AS INTEGER), p."Ground", 0, CASE WHEN p."Outcome" IN (1, 2) THEN p."MatchedCase" ELSE '' END
        FROM "PersonListRows" p
        WHERE p."List" = {1} AND p."PersonKey" <> ''
          AND NOT EXISTS (SELECT 1 FROM "PersonListRows" n WHERE n."List" = {0} AND n."PersonKey" = p."PersonKey")
        ON CONFLICT DO NOTHING
        """;

    private const string GroundChanged = """
        INSERT INTO "RegistryChanges" ("List", "Kind", "Line", "RecordList", "PreviousLine", "Ground", "PreviousGround", "Proposal", "CaseName")
        SELECT {0}, 3, n."Line", n."List", p."Line", n."Ground", p."Ground", 0, CASE WHEN n."Outcome" IN (1, 2) THEN n."MatchedCase" ELSE '' END
        FROM "PersonListRows" n
        JOIN "PersonListRows" p ON p."List" = {1} AND p."PersonKey" = n."PersonKey"
        WHERE n."List" = {0} AND n."PersonKey" <> '' AND COALESCE(n."Ground", 0) <> COALESCE(p."Ground", 0)
        ON CONFLICT DO NOTHING
        """;
}
