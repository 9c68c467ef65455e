using CaseTracker.Server.Cases;
using CaseTracker.Server.Reviews;
using CaseTracker.Server.Storage;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Records;

/// <summary>
/// The recurring erasure: every closed case whose close time is <c>Retention:ClosedCaseYears</c> or more ago, with
/// no standing legal hold and its personal data still held, has it erased in the writer's transaction with its
/// SUBJECT_DATA_ERASED event — the subject and free texts (<see cref="Case.EraseSubjectData"/>), its notes' text,
/// its search keys other than citizenship, and the stored replies to <c>request_id</c>s that hold the case. The
/// review pseudonyms are kept on the case first. A run finds an erased case no longer due, so it erases once.
/// </summary>
public sealed class EraseExpiredSubjectDataJob(
    BatchingWriter writer, IDbContextFactory<CaseTrackerDbContext> contexts, SubjectPseudonyms pseudonyms,
    IOptions<RetentionOptions> options, TimeProvider clock, ILogger<EraseExpiredSubjectDataJob> logger)
{
    public const string RecurringJobId = "erase-expired-subject-data";
    private const int CasesPerTransaction = 100;

    [AutomaticRetry(Attempts = 0)] // it runs again at the next tick anyway
    [DisableConcurrentExecution(timeoutInSeconds: 3600)]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var years = options.Value.ClosedCaseYears;
        var closedBefore = now.AddYears(-years);
        var erased = 0;
        while (true)
        {
            var due = await DueAsync(closedBefore, cancellationToken);
            if (due.Count == 0)
            {
                break;
            }
            erased += await writer.WriteAloneAsync(session => EraseAsync(session, due, years), cancellationToken);
            if (due.Count < CasesPerTransaction)
            {
                break;
            }
        }
        if (erased > 0)
        {
            logger.LogInformation("Erased the personal data of {Count} cases closed {Years} years or more ago", erased, years);
        }
        return erased;
    }

    private async Task<List<string>> DueAsync(DateTime closedBefore, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var candidates = await db.Cases.AsNoTracking()
            .Where(c => c.Stage == Stage.Closed && c.CloseTime <= closedBefore && c.SubjectEraseTime == null)
            .OrderBy(c => c.CloseTime).ThenBy(c => c.Id)
            .Select(c => new { c.Id, c.LegalHold })
            .ToListAsync(cancellationToken);
        // The hold is a JSON column: whether it stands is decided here, not in SQL.
        return candidates.Where(c => c.LegalHold is not { Stands: true }).Select(c => c.Id).Take(CasesPerTransaction).ToList();
    }

    private async Task<int> EraseAsync(WriteSession session, IReadOnlyList<string> ids, int years)
    {
        var erased = 0;
        foreach (var id in ids)
        {
            var found = await session.FindCaseAsync(id);
            if (found is null || !found.IsDueForErasure(years, session.Now))
            {
                continue; // reopened, held or erased since it was read
            }
            var kept = new KeptPseudonyms(
                pseudonyms.Of(found.Subject.PassportNumber, found.FilingParty, sharedWithOtherParty: true).Value,
                pseudonyms.Of(found.Subject.PassportNumber, found.FilingParty, sharedWithOtherParty: false).Value);
            session.RecordEvent(found.Id, found.EraseSubjectData(years, kept, session.Now), Actor.Retention);
            await foreach (var note in session.Db.Notes.Where(n => n.CaseId == found.Id).AsAsyncEnumerable())
            {
                note.EraseText();
            }
            await CaseSearchKeys.SyncAsync(session, found);
            await StoredReplies.DeleteHoldingAsync(session.Db, CaseNames.Format(found.Id));
            erased++;
        }
        return erased;
    }

}
