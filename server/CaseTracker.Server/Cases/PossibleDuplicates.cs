using CaseTracker.Server.Disclosures;
using CaseTracker.Server.Reconciliation;
using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Cases;

/// <summary>An open case whose subject the matcher takes, or may take, for the person of a case about to be filed.</summary>
public sealed record PossibleDuplicate(Case Case, double Score, string Explanation, bool Match);

/// <summary>
/// Finds the open cases a case about to be filed may duplicate: the same enforcement action, and a subject the list
/// matcher (<see cref="PersonMatcher"/>) scores as the same person. Candidates come from the search keys — a surname
/// stem, the date of birth, or the passport — and each is scored on its own, every spelling of the new subject against
/// every spelling of the candidate's, the best kept.
/// </summary>
/// <remarks>
/// The passport counts only where the caller may see it, as for a list import: a case whose passport is withheld from
/// the caller is neither found by its passport nor scored on it (the matcher leaves it out and says when it could
/// have decided), so the answer is the same whatever passport the caller sends.
/// </remarks>
public sealed class PossibleDuplicates(IDbContextFactory<CaseTrackerDbContext> contexts)
{
    /// <summary>The most possible duplicates returned.</summary>
    public const int MaxResults = 20;

    /// <summary>The most candidates scored; blocks of common names and birth dates stay well below it.</summary>
    private const int MaxCandidates = 500;

    public async Task<IReadOnlyList<PossibleDuplicate>> FindAsync(CaseDetails draft, Actor caller, CancellationToken cancellationToken)
    {
        var subject = draft.Subject;
        var spellings = Spellings(subject).ToList();
        if (spellings.Count == 0 || (subject.DateOfBirth is null && PersonNames.Passport(subject.PassportNumber).Length == 0))
        {
            return [];
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        IQueryable<Case> open = db.Cases.AsNoTracking().Where(c => c.Stage != Stage.Closed);
        if (draft.EnforcementAction is { } action)
        {
            open = open.Where(c => c.EnforcementAction != null && c.EnforcementAction.Type == action.Type);
        }
        var found = await ScoredAsync(db, open, subject.DateOfBirth, subject.PassportNumber, spellings, caller, cancellationToken);
        return [.. found.OrderByDescending(d => d.Score).ThenBy(d => d.Case.Id, StringComparer.Ordinal).Take(MaxResults)];
    }

    /// <summary>
    /// The cases among <paramref name="within"/> whose subject the matcher scores at least ambiguous against the person
    /// of <paramref name="spellings"/>, <paramref name="born"/> and <paramref name="passport"/> (empty: none to compare).
    /// </summary>
    public static async Task<List<PossibleDuplicate>> ScoredAsync(
        CaseTrackerDbContext db, IQueryable<Case> within, DateOnly? born, string passport, List<(string Surname, string Given)> spellings,
        Actor caller, CancellationToken cancellationToken)
    {
        var found = new List<PossibleDuplicate>();
        foreach (var candidate in await CandidatesAsync(db, within, born, passport, spellings, caller, cancellationToken))
        {
            if (Score(born, passport, spellings, candidate, caller) is { } duplicate)
            {
                found.Add(duplicate);
            }
        }
        return found;
    }

    /// <summary>Cases among <paramref name="within"/> sharing a surname stem or the date of birth, or a passport the caller may see.</summary>
    private static async Task<List<Case>> CandidatesAsync(
        CaseTrackerDbContext db, IQueryable<Case> within, DateOnly? bornOn, string passportNumber, List<(string Surname, string Given)> spellings,
        Actor caller, CancellationToken cancellationToken)
    {
        var stems = spellings.Select(s => PersonNames.SurnameKey(s.Surname)).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var born = bornOn is { } date ? CaseSearchKeys.DateKey(date) : null;
        var byName = db.CaseSearchKeys.Where(k => (k.Kind == SearchKeyKind.Name && stems.Contains(k.Key)) || (k.Kind == SearchKeyKind.DateOfBirth && k.Key == born))
            .Select(k => k.CaseId);
        var passport = PersonNames.Passport(passportNumber);
        var byPassport = db.CaseSearchKeys.Where(k => k.Kind == SearchKeyKind.Passport && k.Key == passport).Select(k => k.CaseId);
        var party = caller.Party;
        var everyPassport = caller.Role == Role.CoChair;
        return await within
            .Where(c => byName.Contains(c.Id)
                || (passport.Length > 0 && byPassport.Contains(c.Id)
                    && (everyPassport || c.FilingParty == party || (c.Consent != null && c.Consent.ShareWithOtherParty && c.Consent.WithdrawTime == null))))
            .OrderBy(c => c.Id)
            .Take(MaxCandidates)
            .ToListAsync(cancellationToken);
    }

    /// <summary>The best score of any spelling of the new subject against any of the candidate's, if it is at least ambiguous.</summary>
    private static PossibleDuplicate? Score(DateOnly? born, string passport, List<(string Surname, string Given)> spellings, Case candidate, Actor caller)
    {
        var withheld = !DisclosureRule.MayDisclose(candidate, caller);
        MatchResult? best = null;
        foreach (var (surname, given) in Spellings(candidate.Subject))
        {
            var known = new KnownPerson(KnownSource.OpenCase, CaseNames.Format(candidate.Id), surname, given,
                candidate.Subject.DateOfBirth, candidate.Subject.PassportNumber, PassportWithheld: withheld);
            var matcher = new PersonMatcher([known]);
            foreach (var (newSurname, newGiven) in spellings)
            {
                var result = matcher.Match(PersonKeys.Of(newSurname, newGiven, born, passport));
                if (result.Decision != MatchDecision.NoMatch && (best is null || Ranks(result, best)))
                {
                    best = result;
                }
            }
        }
        return best is null ? null : new PossibleDuplicate(candidate, best.Score, best.Explanation, best.Decision == MatchDecision.Match);
    }

    /// <summary>A match before an ambiguity, then the higher score.</summary>
    private static bool Ranks(MatchResult result, MatchResult best) =>
        (result.Decision == MatchDecision.Match && best.Decision != MatchDecision.Match)
        || (result.Decision == best.Decision && result.Score > best.Score);

    /// <summary>The subject's spellings that hold a name, as surname and given name.</summary>
    public static IEnumerable<(string Surname, string Given)> Spellings(Subject subject) =>
        new[] { subject.NameRussian, subject.NameTajik, subject.NameLatin }
            .Where(PersonNames.HasLetters)
            .Select(PersonNames.Split)
            .Where(s => s.Surname.Length > 0)
            .Distinct();
}
