using CaseTracker.Server.Cases;
using CaseTracker.Server.Disclosures;
using CaseTracker.Server.Reconciliation;
using CaseTracker.Server.Reviews;
using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Records;

/// <summary>
/// The records of imported lists about one person, for the subject-access export: those with the person's passport
/// number, and those reconciled (MATCHED_OPEN_CASE, MATCHED_CLOSED_CASE) to one of the exported cases. Each passes
/// <see cref="SubjectDisclosures"/>: the caller's party's lists are its own data; of the other party's, a record
/// found by the passport alone is given only where the rule shows the caller its passport — otherwise finding it
/// would tell the caller which passports the other party's lists hold — and what is shown is recorded as a disclosure.
/// </summary>
public sealed class SubjectListRecords(SubjectDisclosures disclosures)
{
    /// <summary>
    /// The records about the person with <paramref name="passport"/> (normalised, <see cref="SubjectPseudonyms.Normalise"/>)
    /// or reconciled to one of <paramref name="caseNames"/> (<c>cases/{case}</c>), as <paramref name="caller"/> may see them.
    /// </summary>
    public async Task<List<V1.SubjectListRecord>> FindAsync(
        CaseTrackerDbContext db, string passport, IReadOnlyList<string> caseNames, Actor caller, string method, CancellationToken cancellationToken)
    {
        var found = await ReadAsync(db, passport, caseNames, cancellationToken);
        var records = new List<V1.SubjectListRecord>();
        foreach (var list in found.GroupBy(f => f.List.Name, StringComparer.Ordinal))
        {
            var party = list.First().List.SourceParty;
            var results = list.Select(f => ReconciliationMapper.ToProto(f.Row)).ToList();
            await disclosures.ShowAsync(results, list.Key, party, caller, method, cancellationToken);
            records.AddRange(results
                .Where(r => r.RedactedFields.Count == 0 || IsReconciledTo(r, caseNames))
                .Select(r => new V1.SubjectListRecord { Name = ReconciliationNames.Record(list.Key, r.Record.Line), Result = r }));
        }
        return records;
    }

    /// <summary>
    /// The candidate rows and their lists, oldest list first. A passport is stored as sent (spaces, dashes), so the
    /// database narrows by its characters in order (its digits, which have no case) and the normalised number decides.
    /// </summary>
    private static async Task<List<(PersonList List, PersonListRow Row)>> ReadAsync(
        CaseTrackerDbContext db, string passport, IReadOnlyList<string> caseNames, CancellationToken cancellationToken)
    {
        var byPassport = passport.Length > 0;
        var pattern = LikePattern(passport);
        var matched = new[] { ReconciliationOutcome.MatchedOpenCase, ReconciliationOutcome.MatchedClosedCase };
        var rows = await db.PersonListRows.AsNoTracking()
            .Where(r => (byPassport && EF.Functions.Like(r.PassportNumber.ToUpper(), pattern)) || (caseNames.Contains(r.MatchedCase) && matched.Contains(r.Outcome)))
            .Join(db.PersonLists.AsNoTracking(), r => r.List, l => l.Name, (r, l) => new { Row = r, List = l })
            .ToListAsync(cancellationToken);
        return [.. rows
            .Where(f => (byPassport && SubjectPseudonyms.Normalise(f.Row.PassportNumber) == passport) || (caseNames.Contains(f.Row.MatchedCase) && matched.Contains(f.Row.Outcome)))
            .OrderBy(f => f.List.AsOfTime).ThenBy(f => f.List.Name, StringComparer.Ordinal).ThenBy(f => f.Row.Line)
            .Select(f => (f.List, f.Row))];
    }

    private static bool IsReconciledTo(V1.ReconciliationResult result, IReadOnlyList<string> caseNames) =>
        DisclosureRule.IsMatchedToCase(result) && caseNames.Contains(result.MatchedCase);

    private static string LikePattern(string passport)
    {
        var digits = passport.Where(char.IsAsciiDigit).ToArray();
        return $"%{string.Join('%', digits.Length > 0 ? digits : passport.ToCharArray())}%";
    }
}
