using CaseTracker.Server.Cases;
using CaseTracker.Server.Reviews;
using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Records;

/// <summary>
/// The subject-access export: every case the caller's party filed about the person with this passport number
/// (found through the passport search key, then checked against the case itself), as held, with its notes.
/// Only the filing party holds a subject's data and answers their request, so other parties' cases are never read.
/// </summary>
public sealed class SubjectDataExports(IDbContextFactory<CaseTrackerDbContext> contexts, TimeProvider clock)
{
    public async Task<V1.SubjectDataExport> ExportAsync(string passportNumber, Actor caller, CancellationToken cancellationToken)
    {
        var passport = SubjectPseudonyms.Normalise(passportNumber);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = db.CaseSearchKeys.Where(k => k.Kind == SearchKeyKind.Passport && k.Key == passport).Select(k => k.CaseId);
        var cases = await db.Cases.AsNoTracking()
            .Where(c => ids.Contains(c.Id) && c.FilingParty == caller.Party)
            .OrderBy(c => c.CreateTime).ThenBy(c => c.Id)
            .ToListAsync(cancellationToken);
        var about = cases.Where(c => SubjectPseudonyms.Normalise(c.Subject.PassportNumber) == passport).ToList();
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
        return export;
    }
}
