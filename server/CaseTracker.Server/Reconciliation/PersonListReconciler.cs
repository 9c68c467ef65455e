using System.Globalization;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;
using V1 = CaseTracker.V1;

namespace CaseTracker.Server.Reconciliation;

/// <summary>The persons a list is checked against: the subjects of cases, and the other party's returned-home lists.</summary>
public sealed record KnownPersons(PersonMatcher Cases, PersonMatcher ReturnedHome);

/// <summary>
/// Checks each record of a list, matches it against the persons the task force knows, and gives it its outcome.
/// A bad record is kept with its reason (and its values cut to their limits); it never fails the import.
/// </summary>
public static class PersonListReconciler
{
    public const int MaxNameLength = 100;
    public const int MaxPassportLength = 32;
    public const int MaxSourceReferenceLength = 64;

    /// <summary>
    /// The persons a list from <paramref name="importingParty"/> is checked against: every case's subject, and every
    /// valid record of the other party's returned-home lists.
    /// </summary>
    public static async Task<KnownPersons> LoadKnownPersonsAsync(CaseTrackerDbContext db, Party importingParty, CancellationToken cancellationToken)
    {
        var known = new List<KnownPerson>();
        var returned = new List<KnownPerson>();
        var subjects = db.Cases.AsNoTracking()
            .Select(c => new { c.Id, c.Stage, c.Subject.NameRussian, c.Subject.NameTajik, c.Subject.NameLatin, c.Subject.DateOfBirth, c.Subject.PassportNumber })
            .AsAsyncEnumerable();
        await foreach (var s in subjects.WithCancellation(cancellationToken))
        {
            var name = new[] { s.NameRussian, s.NameTajik, s.NameLatin }.FirstOrDefault(n => !string.IsNullOrWhiteSpace(n)) ?? string.Empty;
            var (surname, given) = PersonNames.Split(name);
            known.Add(new KnownPerson(s.Stage == Stage.Closed ? KnownSource.ClosedCase : KnownSource.OpenCase, $"cases/{s.Id}", surname, given, s.DateOfBirth, s.PassportNumber));
        }
        const int returnedHome = (int)V1.PersonListKind.ReturnedHomeList;
        const int invalid = (int)V1.ReconciliationOutcome.Invalid;
        var home = db.PersonListRows.AsNoTracking()
            .Join(db.PersonLists.Where(l => l.Kind == returnedHome && l.SourceParty != importingParty), r => r.List, l => l.Name, (r, _) => r)
            .Where(r => r.Outcome != invalid)
            .Select(r => new { r.List, r.Line, r.Surname, r.GivenName, r.DateOfBirth, r.PassportNumber })
            .AsAsyncEnumerable();
        await foreach (var r in home.WithCancellation(cancellationToken))
        {
            returned.Add(new KnownPerson(KnownSource.ReturnedHome, $"reconciliations/{r.List}/records/{r.Line}", r.Surname, r.GivenName, r.DateOfBirth, r.PassportNumber));
        }
        return new KnownPersons(new PersonMatcher(known), new PersonMatcher(returned));
    }

    public static ReconciledRecord Reconcile(V1.PersonRecord record, KnownPersons known, DateOnly today)
    {
        var problems = new List<string>();
        var surname = Limited(record.Surname.Trim(), MaxNameLength, "surname", problems);
        var given = Limited(record.GivenName.Trim(), MaxNameLength, "given_name", problems);
        var passport = Limited(record.PassportNumber.Trim(), MaxPassportLength, "passport_number", problems);
        var reference = Limited(record.SourceReference.Trim(), MaxSourceReferenceLength, "source_reference", problems);
        var bornText = record.DateOfBirth.Trim();
        if (PersonNames.Transliterate(surname).Length == 0)
        {
            problems.Add(surname.Length == 0 ? "surname: required" : "surname: no letters");
        }
        DateOnly? born = null;
        if (bornText.Length == 0)
        {
            problems.Add("date_of_birth: required");
        }
        else if (!DateOnly.TryParseExact(bornText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            problems.Add("date_of_birth: not a date (YYYY-MM-DD)");
        }
        else if (parsed > today || parsed.Year < 1900)
        {
            problems.Add(parsed > today ? "date_of_birth: in the future" : "date_of_birth: before 1900");
        }
        else
        {
            born = parsed;
        }
        bornText = bornText.Length > 10 ? bornText[..10] : bornText;
        if (problems.Count > 0)
        {
            return new ReconciledRecord(record.Line, surname, given, bornText, born, passport, reference,
                (int)V1.ReconciliationOutcome.Invalid, 0, string.Empty, string.Empty, string.Empty, string.Join("; ", problems));
        }
        var keys = PersonKeys.Of(new ListedPerson(surname, given, born!.Value, passport));
        var onCase = known.Cases.Match(keys);
        var home = known.ReturnedHome.Match(keys);
        var homeRecord = home.Decision == MatchDecision.Match ? home.Best!.Reference : string.Empty;
        if (onCase.Decision == MatchDecision.Match)
        {
            var outcome = onCase.Best!.Source == KnownSource.ClosedCase ? V1.ReconciliationOutcome.MatchedClosedCase : V1.ReconciliationOutcome.MatchedOpenCase;
            var explanation = homeRecord.Length > 0 ? $"{onCase.Explanation}; on the returned-home list ({home.Explanation})" : onCase.Explanation;
            return Outcome(outcome, onCase.Score, onCase.Best.Reference, homeRecord, explanation);
        }
        if (home.Decision == MatchDecision.Match)
        {
            return Outcome(V1.ReconciliationOutcome.ReturnedHome, home.Score, string.Empty, homeRecord, home.Explanation);
        }
        var doubt = new[] { onCase, home }.Where(r => r.Decision == MatchDecision.Ambiguous).OrderByDescending(r => r.Score).FirstOrDefault();
        if (doubt is not null)
        {
            var candidate = doubt.Best!.Reference;
            return Outcome(V1.ReconciliationOutcome.Ambiguous, doubt.Score,
                candidate.StartsWith("cases/", StringComparison.Ordinal) ? candidate : string.Empty,
                candidate.StartsWith("reconciliations/", StringComparison.Ordinal) ? candidate : string.Empty,
                doubt.Explanation);
        }
        return Outcome(V1.ReconciliationOutcome.NoMatch, 0, string.Empty, string.Empty, onCase.Explanation);

        ReconciledRecord Outcome(V1.ReconciliationOutcome outcome, double score, string matchedCase, string matchedRecord, string explanation) =>
            new(record.Line, surname, given, bornText, born, passport, reference, (int)outcome, Math.Round(score, 2), matchedCase, matchedRecord, explanation, string.Empty);
    }

    private static string Limited(string value, int limit, string field, List<string> problems)
    {
        if (value.Length <= limit)
        {
            return value;
        }
        problems.Add($"{field}: longer than {limit} characters");
        return value[..limit];
    }
}
