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

    public static ReconciledRecord Reconcile(V1.PersonRecord record, KnownPersons known, DateOnly today)
    {
        var problems = new List<string>();
        var surname = Limited(record.Surname.Trim(), MaxNameLength, "surname", problems);
        var given = Limited(record.GivenName.Trim(), MaxNameLength, "given_name", problems);
        var passport = Limited(record.PassportNumber.Trim(), MaxPassportLength, "passport_number", problems);
        var reference = Limited(record.SourceReference.Trim(), MaxSourceReferenceLength, "source_reference", problems);
        var bornText = record.DateOfBirth.Trim();
        if (!PersonNames.HasLetters(surname))
        {
            problems.Add(surname.Length == 0 ? "surname: required" : "surname: no letters");
        }
        DateOnly? born = null;
        if (bornText.Length == 0)
        {
            problems.Add("date_of_birth: required");
        }
        else if (!TryParseDate(bornText, out var parsed))
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
                (int)V1.ReconciliationOutcome.Invalid, 0, string.Empty, string.Empty, string.Empty, string.Join("; ", problems), null);
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
            var candidate = doubt.Best!;
            var onTheList = candidate.Source == KnownSource.ReturnedHome;
            return Outcome(V1.ReconciliationOutcome.Ambiguous, doubt.Score,
                onTheList ? string.Empty : candidate.Reference, onTheList ? candidate.Reference : string.Empty, doubt.Explanation);
        }
        return Outcome(V1.ReconciliationOutcome.NoMatch, 0, string.Empty, string.Empty, onCase.Explanation);

        ReconciledRecord Outcome(V1.ReconciliationOutcome outcome, double score, string matchedCase, string matchedRecord, string explanation) =>
            new(record.Line, surname, given, bornText, born, passport, reference, (int)outcome, Math.Round(score, 2), matchedCase, matchedRecord, explanation, string.Empty, keys);
    }

    /// <summary>
    /// A date as <c>YYYY-MM-DD</c> exactly (ASCII digits, a real calendar day): what <c>DateOnly.TryParseExact</c> with
    /// that format accepts, read by hand because the general parser costs more than matching the record does.
    /// </summary>
    public static bool TryParseDate(string text, out DateOnly date)
    {
        date = default;
        if (text.Length != 10 || text[4] != '-' || text[7] != '-'
            || !TryDigits(text, 0, 4, out var year) || !TryDigits(text, 5, 2, out var month) || !TryDigits(text, 8, 2, out var day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }
        date = new DateOnly(year, month, day);
        return true;
    }

    private static bool TryDigits(string text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                return false;
            }
            value = value * 10 + (text[i] - '0');
        }
        return true;
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
