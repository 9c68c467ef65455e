using CaseTracker.Server.Reconciliation;
using CaseTracker.Server.Storage;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Records;

/// <summary>
/// The recurring erasure of imported lists' personal data: every list imported <c>Retention:ListYears</c> or more
/// ago has its records' names, dates of birth, passport numbers, source references and person keys cleared, and its
/// reviewers' free-text reasons (on the decisions, in the decided records' explanations and in the stored answers to
/// their decisions), by set-based statements over line ranges of <see cref="LinesPerTransaction"/>
/// records, each its own transaction through the writer (a list holds up to 700,000 records: the writer is never
/// held for long). The last range marks the list erased. Outcomes, scores, matches, grounds, the list's counts and
/// the registry changes stay, so the reconciliation figures and the reviews are unchanged; the event log is not
/// touched. The newest complete registry snapshot of each party is kept until a newer one arrives: the next
/// snapshot is compared with it, record by record.
/// </summary>
public sealed class EraseExpiredListRecordsJob(
    BatchingWriter writer, IDbContextFactory<CaseTrackerDbContext> contexts, KnownPersonIndexes indexes,
    IOptions<RetentionOptions> options, TimeProvider clock, ILogger<EraseExpiredListRecordsJob> logger)
{
    public const string RecurringJobId = "erase-expired-list-records";
    public const int LinesPerTransaction = 50_000;

    [AutomaticRetry(Attempts = 0)] // it runs again at the next tick anyway
    [DisableConcurrentExecution(timeoutInSeconds: 3600)]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var years = options.Value.ListYears;
        var due = await DueAsync(clock.GetUtcNow().UtcDateTime.AddYears(-years), cancellationToken);
        foreach (var list in due)
        {
            var records = await EraseAsync(list, cancellationToken);
            indexes.Forget(list);
            logger.LogInformation("Erased the personal data of the {Records} records of list {List}, imported {Years} years or more ago", records, list, years);
        }
        return due.Count;
    }

    private async Task<List<string>> DueAsync(DateTime importedBefore, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var newestSnapshots = db.PersonLists
            .Where(l => l.Kind == PersonListKind.RegistrySnapshot && l.Complete)
            .Where(l => !db.PersonLists.Any(n => n.Kind == PersonListKind.RegistrySnapshot && n.Complete && n.SourceParty == l.SourceParty && n.AsOfTime > l.AsOfTime))
            .Select(l => l.Name);
        return await db.PersonLists.AsNoTracking()
            .Where(l => l.CreateTime <= importedBefore && l.RecordsEraseTime == null && !newestSnapshots.Contains(l.Name))
            .OrderBy(l => l.CreateTime).ThenBy(l => l.Name)
            .Select(l => l.Name)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Erases the list range by range, the last range with the list's mark; returns the records erased.</summary>
    private async Task<long> EraseAsync(string list, CancellationToken cancellationToken)
    {
        var (after, erased) = (0L, 0L);
        while (true)
        {
            var last = await RangeEndAsync(list, after, cancellationToken);
            var from = after;
            erased += await writer.WriteAloneAsync(session => EraseRangeAsync(session, list, from, last), cancellationToken);
            if (last is null)
            {
                return erased;
            }
            after = last.Value;
        }
    }

    /// <summary>The last line of the next range after <paramref name="after"/>, or null when the rest of the list is one range.</summary>
    private async Task<long?> RangeEndAsync(string list, long after, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var lines = db.PersonListRows.AsNoTracking().Where(r => r.List == list && r.Line > after).OrderBy(r => r.Line).Select(r => r.Line);
        return await lines.Skip(LinesPerTransaction - 1).Select(line => (long?)line).FirstOrDefaultAsync(cancellationToken);
    }

    private static async Task<int> EraseRangeAsync(WriteSession session, string list, long after, long? last)
    {
        var db = session.Db.Database;
        var erased = await db.ExecuteSqlRawAsync(
            """
            UPDATE "PersonListRows" SET "Surname" = '', "GivenName" = '', "DateOfBirthText" = '', "DateOfBirth" = NULL,
                "PassportNumber" = '', "SourceReference" = '', "PersonKey" = ''
            WHERE "List" = {0} AND "Line" > {1} AND "Line" <= {2}
            """, list, after, last ?? long.MaxValue);
        if (last is null)
        {
            // A reviewer's reason is free text that may name the person, on the decision and in the record's explanation.
            await db.ExecuteSqlRawAsync("""UPDATE "MatchDecisions" SET "Reason" = '' WHERE "List" = {0}""", list);
            await db.ExecuteSqlRawAsync(
                """
                UPDATE "PersonListRows" SET "Explanation" = ''
                WHERE "List" = {0} AND EXISTS (SELECT 1 FROM "MatchDecisions" d WHERE d."List" = "PersonListRows"."List" AND d."Line" = "PersonListRows"."Line")
                """, list);
            // The stored answers to reviewers' DecideMatch calls quote a record whole, the reviewer's reason with it.
            await StoredReplies.DeleteHoldingAsync(session.Db, ReconciliationNames.Format(list) + "/records/");
            var found = await session.Db.PersonLists.FindAsync(list);
            found?.RecordsErased(session.Now);
        }
        return erased;
    }
}
