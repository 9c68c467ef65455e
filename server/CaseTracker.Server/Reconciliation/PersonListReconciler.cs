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

    /// <summary>Scores are kept to two decimals: finer steps mean nothing to a reviewer and only make lists harder to compare.</summary>
    private const int ScoreDecimals = 2;

    /// <summary>The earliest year of birth taken as real: an earlier one is a typing error, not a living person.</summary>
    private const int EarliestBirthYear = 1900;

    /// <summary>The length of <c>YYYY-MM-DD</c>, to which a bad date of birth is cut when it is kept.</summary>
    private const int DateLength = 10;

    public static ReconciledRecord Reconcile(ReceivedRecord record, KnownPersons known, DateOnly today)
    {
        var problems = new List<string>();
        var surname = Limited(record.Surname.Trim(), MaxNameLength, "surname", problems);
        var given = Limited(record.GivenName.Trim(), MaxNameLength, "given_name", problems);
        var passport = Limited(record.PassportNumber.Trim(), MaxPassportLength, "passport_number", problems);
        var reference = Limited(record.SourceReference.Trim(), MaxSourceReferenceLength, "source_reference", problems);
        var bornText = Limited(record.DateOfBirth.Trim(), int.MaxValue, "date_of_birth", problems);
        if (!PersonNames.HasLetters(surname))
        {
            problems.Add(surname.Length == 0 ? "surname: required" : "surname: no letters");
        }
        var ground = Ground(record.Ground, problems);
        var born = DateOfBirth(bornText, today, problems);
        bornText = bornText.Length > DateLength ? bornText[..DateLength] : bornText;
        if (problems.Count > 0)
        {
            return new ReconciledRecord(record.Line, surname, given, bornText, born, passport, reference,
                ReconciliationOutcome.Invalid, 0, string.Empty, string.Empty, string.Empty, string.Join("; ", problems), null, ground);
        }
        var keys = PersonKeys.Of(new ListedPerson(surname, given, born!.Value, passport));
        var onCase = known.Cases.Match(keys);
        var home = known.ReturnedHome.Match(keys);
        var homeRecord = home.Decision == MatchDecision.Match ? home.Best!.Reference : string.Empty;
        if (onCase.Decision == MatchDecision.Match)
        {
            var outcome = onCase.Best!.Source == KnownSource.ClosedCase ? ReconciliationOutcome.MatchedClosedCase : ReconciliationOutcome.MatchedOpenCase;
            var explanation = homeRecord.Length > 0 ? $"{onCase.Explanation}; on the returned-home list ({home.Explanation})" : onCase.Explanation;
            return Outcome(outcome, onCase.Score, onCase.Best.Reference, homeRecord, explanation);
        }
        if (home.Decision == MatchDecision.Match)
        {
            return Outcome(ReconciliationOutcome.ReturnedHome, home.Score, string.Empty, homeRecord, home.Explanation);
        }
        var doubt = new[] { onCase, home }.Where(r => r.Decision == MatchDecision.Ambiguous).OrderByDescending(r => r.Score).FirstOrDefault();
        if (doubt is not null)
        {
            var candidate = doubt.Best!;
            var onTheList = candidate.Source == KnownSource.ReturnedHome;
            return Outcome(ReconciliationOutcome.Ambiguous, doubt.Score,
                onTheList ? string.Empty : candidate.Reference, onTheList ? candidate.Reference : string.Empty, doubt.Explanation);
        }
        return Outcome(ReconciliationOutcome.NoMatch, 0, string.Empty, string.Empty, onCase.Explanation);

        ReconciledRecord Outcome(ReconciliationOutcome outcome, double score, string matchedCase, string matchedRecord, string explanation) =>
            new(record.Line, surname, given, bornText, born, passport, reference, outcome, Math.Round(score, ScoreDecimals), matchedCase, matchedRecord, explanation, string.Empty, keys, ground);
    }

    /// <summary>The registry ground sent, null when none; a number the contract does not define is a problem.</summary>
    private static Cases.RegistryGround? Ground(int value, List<string> problems)
    {
        if (value == 0)
        {
            return null;
        }
        if (!Enum.IsDefined((Cases.RegistryGround)value))
        {
            problems.Add("ground: not a registry ground");
            return null;
        }
        return (Cases.RegistryGround)value;
    }

    /// <summary>The date of birth when it is a real one; otherwise null, with the problem noted.</summary>
    private static DateOnly? DateOfBirth(string text, DateOnly today, List<string> problems)
    {
        if (text.Length == 0)
        {
            problems.Add("date_of_birth: required");
        }
        else if (!TryParseDate(text, out var parsed))
        {
            problems.Add("date_of_birth: not a date (YYYY-MM-DD)");
        }
        else if (parsed > today || parsed.Year < EarliestBirthYear)
        {
            problems.Add(parsed > today ? "date_of_birth: in the future" : $"date_of_birth: before {EarliestBirthYear}");
        }
        else
        {
            return parsed;
        }
        return null;
    }

    /// <summary>
    /// A date as <c>YYYY-MM-DD</c> exactly (ASCII digits, a real calendar day): what <c>DateOnly.TryParseExact</c> with
    /// that format accepts, read by hand because the general parser costs more than matching the record does.
    /// </summary>
    public static bool TryParseDate(string text, out DateOnly date)
    {
        date = default;
        if (text.Length != DateLength || text[4] != '-' || text[7] != '-'
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

    /// <summary>
    /// The value within its limit and without control, invisible or text-direction characters; each is a problem of the
    /// record, and the value is kept without them (PostgreSQL cannot store a NUL in text at all).
    /// </summary>
    private static string Limited(string value, int limit, string field, List<string> problems)
    {
        var visible = Grpc.RequestValidator.WithoutHiddenCharacters(value, lineBreaks: false);
        if (visible.Length != value.Length)
        {
            problems.Add($"{field}: control, invisible or text-direction characters");
            value = visible.Trim();
        }
        if (value.Length <= limit)
        {
            return value;
        }
        problems.Add($"{field}: longer than {limit} characters");
        return value[..limit];
    }
}
