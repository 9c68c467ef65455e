using CaseTracker.Server.Cases;
using CaseTracker.Server.Reviews;
using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Records;

/// <summary>
/// The subject-access export: every case the caller's party filed about the person with this passport number
/// (found through the passport search key, then checked against the case itself), as held, with its notes, and
/// the list records about the person (<see cref="SubjectListRecords"/>). Only the filing party holds a subject's
/// data and answers their request, so other parties' cases are never read. The export is recorded before it is
/// returned: SUBJECT_DATA_EXPORTED on each case, in one write, and a disclosure for each of the other party's
/// list records shown.
/// </summary>
public sealed class SubjectDataExports(
    IDbContextFactory<CaseTrackerDbContext> contexts, SubjectListRecords listRecords, BatchingWriter writer, TimeProvider clock, ILogger<SubjectDataExports> logger)
{
    public async Task<V1.SubjectDataExport> ExportAsync(string passportNumber, Actor caller, string method, CancellationToken cancellationToken)
    {
        var passport = SubjectPseudonyms.Normalise(passportNumber);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var about = await CasesAboutAsync(db, passport, caller, cancellationToken);
        var caseIds = about.Select(c => c.Id).ToList();
        var notes = (await db.Notes.AsNoTracking().Where(n => caseIds.Contains(n.CaseId)).ToListAsync(cancellationToken))
            .ToLookup(n => n.CaseId);
        var export = new V1.SubjectDataExport { PassportNumber = passport, ExportTime = Grpc.ProtoTime.Of(clock.GetUtcNow().UtcDateTime) };
        foreach (var c in about)
        {
            export.Cases.Add(new V1.SubjectCaseData
            {
                Case = CaseMapper.AsHeld(c),
                Notes = { notes[c.Id].OrderBy(n => n.Number).Select(CaseMapper.ToProto) },
            });
        }
        export.ListRecords.Add(await listRecords.FindAsync(db, passport, [.. about.Select(c => CaseNames.Format(c.Id))], caller, method, cancellationToken));
        await RecordAsync(about, notes, export.ListRecords.Count, caller, cancellationToken);
        logger.LogInformation("Subject-access export for a {Party} {Role}: {Cases} cases, {Records} list records",
            caller.Party, caller.Role, export.Cases.Count, export.ListRecords.Count);
        return export;
    }

    private static async Task<List<Case>> CasesAboutAsync(CaseTrackerDbContext db, string passport, Actor caller, CancellationToken cancellationToken)
    {
        var ids = db.CaseSearchKeys.Where(k => k.Kind == SearchKeyKind.Passport && k.Key == passport).Select(k => k.CaseId);
        var cases = await db.Cases.AsNoTracking()
            .Where(c => ids.Contains(c.Id) && c.FilingParty == caller.Party)
            .OrderBy(c => c.CreateTime).ThenBy(c => c.Id)
            .ToListAsync(cancellationToken);
        return cases.Where(c => SubjectPseudonyms.Normalise(c.Subject.PassportNumber) == passport).ToList();
    }

    /// <summary>SUBJECT_DATA_EXPORTED on each case exported, committed before the export goes.</summary>
    private Task RecordAsync(IReadOnlyList<Case> cases, ILookup<string, Note> notes, int records, Actor caller, CancellationToken cancellationToken)
    {
        if (cases.Count == 0)
        {
            return Task.CompletedTask;
        }
        return writer.WriteAsync(session =>
        {
            foreach (var c in cases)
            {
                session.RecordEvent(c.Id, c.SubjectDataExported(notes[c.Id].Count(), records), caller);
            }
            return Task.FromResult(cases.Count);
        }, cancellationToken);
    }
}
