using System.Globalization;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;
using V1 = CaseTracker.V1;

namespace CaseTracker.Server.Reconciliation;

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
    public static async Task<PersonMatcher> LoadKnownPersonsAsync(CaseTrackerDbContext db, Party importingParty, CancellationToken cancellationToken)
    {
        var known = new List<KnownPerson>();
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
            known.Add(new KnownPerson(KnownSource.ReturnedHome, $"reconciliations/{r.List}/records/{r.Line}", r.Surname, r.GivenName, r.DateOfBirth, r.PassportNumber));
        }
        return new PersonMatcher(known);
    }

    public static ReconciledRecord Reconcile(V1.PersonRecord record, PersonMatcher matcher, DateOnly today)
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
        var result = matcher.Match(new ListedPerson(surname, given, born!.Value, passport));
        var outcome = result.Decision switch
        {
            MatchDecision.NoMatch => V1.ReconciliationOutcome.NoMatch,
            MatchDecision.Ambiguous => V1.ReconciliationOutcome.Ambiguous,
            _ => result.Best!.Source switch
            {
                KnownSource.OpenCase => V1.ReconciliationOutcome.MatchedOpenCase,
                KnownSource.ClosedCase => V1.ReconciliationOutcome.MatchedClosedCase,
                _ => V1.ReconciliationOutcome.ReturnedHome,
            },
        };
        var best = result.Best?.Reference ?? string.Empty;
        return new ReconciledRecord(record.Line, surname, given, bornText, born, passport, reference, (int)outcome, Math.Round(result.Score, 2),
            best.StartsWith("cases/", StringComparison.Ordinal) ? best : string.Empty,
            best.StartsWith("reconciliations/", StringComparison.Ordinal) ? best : string.Empty,
            result.Explanation, string.Empty);
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
