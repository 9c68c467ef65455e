using CaseTracker.Server.Cases;
using CaseTracker.Server.Disclosures;
using CaseTracker.Server.Grpc;
using CaseTracker.Server.Reconciliation;
using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.People;

/// <summary>A case of a person's history: how the matcher scored it against the case asked about.</summary>
public sealed record PersonCase(Case Case, double Score, string Explanation, bool Match);

/// <summary>A list record reconciled to one of the person's cases, with its list.</summary>
public sealed record PersonRecord(PersonList List, PersonListRow Row);

/// <summary>
/// One page of what is known of one person: the cases about them on the page, the list records reconciled to those
/// cases, and the token of the next page (empty on the last).
/// </summary>
public sealed record PersonHistoryFound(IReadOnlyList<PersonCase> Cases, IReadOnlyList<PersonRecord> Records, string NextPageToken);

/// <summary>
/// A person's history, from a case about them: every case of either party, in any stage, whose subject the list
/// matcher takes (or may take) for the same person, and the list records reconciled to the cases it takes.
/// </summary>
/// <remarks>
/// The person is found as <see cref="PossibleDuplicates"/> finds them, by names, date of birth and a passport only
/// where the caller may see it: the passport of the case asked about counts only if the caller may see it, a
/// candidate's only if the caller may see that. So a case of the other party joined to the person by a withheld
/// passport alone is never shown, and the answer does not change with a passport the caller cannot see.
/// </remarks>
public sealed class PersonHistory(IDbContextFactory<CaseTrackerDbContext> contexts, Pager pager)
{
    public async Task<PersonHistoryFound> FindAsync(string caseName, int pageSize, string pageToken, Actor caller, CancellationToken cancellationToken)
    {
        var caseId = CaseNames.TryParse(caseName)!;
        var page = pager.Open(pageSize, pageToken, $"person-history\n{caseId}");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var asked = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken)
            ?? throw ApiException.CaseNotFound(caseName);
        var passport = DisclosureRule.MayDisclose(asked, caller) ? asked.Subject.PassportNumber : string.Empty;
        var spellings = PossibleDuplicates.Spellings(asked.Subject).ToList();
        var others = spellings.Count == 0 ? []
            : await PossibleDuplicates.ScoredAsync(db, db.Cases.AsNoTracking().Where(c => c.Id != caseId), asked.Subject.DateOfBirth, passport, spellings, caller, cancellationToken);
        var ordered = others.OrderByDescending(d => d.Score).ThenBy(d => d.Case.CreateTime).ThenBy(d => d.Case.Id, StringComparer.Ordinal)
            .Select(d => new PersonCase(d.Case, d.Score, d.Explanation, d.Match));
        List<PersonCase> fetched = page.Position is { } position
            ? [.. ordered.Where(c => After(c, position)).Take(page.Fetch)]
            : [.. ordered.Prepend(new PersonCase(asked, 1, "requested", true)).Take(page.Fetch)];
        var cases = page.Items(fetched).ToList();
        return new PersonHistoryFound(cases, await RecordsAsync(db, cases, cancellationToken), page.NextToken(fetched, Position));
    }

    /// <summary>Where a case stands in the order of the history: its score, filing time and ID.</summary>
    private static string Position(PersonCase c) =>
        FormattableString.Invariant($"{c.Score:R}\n{c.Case.CreateTime.Ticks}\n{c.Case.Id}");

    /// <summary>
    /// Whether a case comes after a page's last in the history's order (score down, then filing time and ID up), so
    /// that a page starts where the previous ended even when a case has since left or joined the history.
    /// </summary>
    private static bool After(PersonCase c, string position)
    {
        var parts = position.Split('\n');
        var score = double.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        var ticks = long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        return c.Score != score ? c.Score < score
            : c.Case.CreateTime.Ticks != ticks ? c.Case.CreateTime.Ticks > ticks
            : string.CompareOrdinal(c.Case.Id, parts[2]) > 0;
    }

    /// <summary>The records reconciled to the cases the matcher takes for the person, oldest list first.</summary>
    private static async Task<List<PersonRecord>> RecordsAsync(CaseTrackerDbContext db, List<PersonCase> cases, CancellationToken cancellationToken)
    {
        var names = cases.Where(c => c.Match).Select(c => CaseNames.Format(c.Case.Id)).ToList();
        var found = await db.PersonListRows.AsNoTracking()
            .Where(r => names.Contains(r.MatchedCase))
            .Join(db.PersonLists.AsNoTracking(), r => r.List, l => l.Name, (r, l) => new { Row = r, List = l })
            .ToListAsync(cancellationToken);
        return [.. found.OrderBy(f => f.List.AsOfTime).ThenBy(f => f.List.Name, StringComparer.Ordinal).ThenBy(f => f.Row.Line).Select(f => new PersonRecord(f.List, f.Row))];
    }
}
