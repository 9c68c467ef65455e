using System.Globalization;

namespace CaseTracker.Server.Reconciliation;

/// <summary>Where a known person is known from.</summary>
public enum KnownSource { OpenCase = 1, ClosedCase = 2, ReturnedHome = 3 }

/// <summary>
/// A person the task force knows: a case's subject, or a record of the other party's returned-home list.
/// <c>Reference</c> is the case (<c>cases/…</c>) or the record (<c>reconciliations/…/records/N</c>).
/// </summary>
public sealed record KnownPerson(KnownSource Source, string Reference, string Surname, string GivenName, DateOnly? DateOfBirth, string PassportNumber);

/// <summary>A person as a list describes them, already checked and normalised.</summary>
public sealed record ListedPerson(string Surname, string GivenName, DateOnly DateOfBirth, string PassportNumber);

/// <summary>What the matcher decided for one listed person.</summary>
public sealed record MatchResult(MatchDecision Decision, double Score, KnownPerson? Best, string Explanation);

public enum MatchDecision { Match = 1, NoMatch = 2, Ambiguous = 3 }

/// <summary>
/// Matches listed persons against known ones. Candidates are found by blocking — the same passport, the same
/// surname key and date of birth, or the same surname skeleton and given name — so each record looks at a
/// handful of persons and the cost grows linearly with the list. Each candidate is scored on what agrees;
/// the best is a match when it scores at least <see cref="MatchAt"/> and no other candidate comes close,
/// ambiguous (for a reviewer) from <see cref="AmbiguousAt"/>, otherwise no match.
/// </summary>
public sealed class PersonMatcher
{
    public const double MatchAt = 0.75;
    public const double AmbiguousAt = 0.5;
    private const double CloseSecond = 0.2;

    private readonly Dictionary<string, List<Indexed>> _blocks = new(StringComparer.Ordinal);

    public PersonMatcher(IEnumerable<KnownPerson> known)
    {
        foreach (var person in known)
        {
            var indexed = new Indexed(person, Keys.Of(person.Surname, person.GivenName, person.DateOfBirth, person.PassportNumber));
            foreach (var block in indexed.Keys.Blocks())
            {
                if (!_blocks.TryGetValue(block, out var list))
                {
                    _blocks[block] = list = [];
                }
                list.Add(indexed);
            }
        }
    }

    public MatchResult Match(ListedPerson listed)
    {
        var keys = Keys.Of(listed.Surname, listed.GivenName, listed.DateOfBirth, listed.PassportNumber);
        var scored = keys.Blocks()
            .SelectMany(block => _blocks.TryGetValue(block, out var list) ? list : [])
            .Distinct()
            .Select(candidate => (Candidate: candidate, Score: Score(keys, candidate.Keys, out var why), Why: why))
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.Candidate.Person.Reference, StringComparer.Ordinal)
            .Take(2)
            .ToList();
        if (scored.Count == 0 || scored[0].Score < AmbiguousAt)
        {
            return new MatchResult(MatchDecision.NoMatch, 0, null, scored.Count == 0 ? "no candidate" : $"best candidate agreed only on {scored[0].Why}");
        }
        var best = scored[0];
        var close = scored.Count > 1 && scored[1].Score > best.Score - CloseSecond && !SamePerson(best.Candidate.Person, scored[1].Candidate.Person);
        if (best.Score >= MatchAt && !close)
        {
            return new MatchResult(MatchDecision.Match, best.Score, best.Candidate.Person, best.Why);
        }
        var doubt = close ? $"{best.Why}; another candidate ({scored[1].Candidate.Person.Reference}) scores {scored[1].Score.ToString("0.00", CultureInfo.InvariantCulture)}" : $"{best.Why}; too little agrees";
        return new MatchResult(MatchDecision.Ambiguous, best.Score, best.Candidate.Person, doubt);
    }

    /// <summary>Two records of one person (a case and a returned-home record with the same passport) do not compete.</summary>
    private static bool SamePerson(KnownPerson a, KnownPerson b) => a.PassportNumber.Length > 0 && a.PassportNumber == b.PassportNumber;

    private static double Score(Keys listed, Keys known, out string why)
    {
        var score = 0.0;
        var agreed = new List<string>(4);
        if (listed.Passport.Length > 0 && listed.Passport == known.Passport)
        {
            score += 0.5;
            agreed.Add("passport");
        }
        if (known.DateOfBirth is { } born)
        {
            if (born == listed.DateOfBirth)
            {
                score += 0.3;
                agreed.Add("date_of_birth");
            }
            else if (OneFieldApart(born, listed.DateOfBirth!.Value))
            {
                score += 0.1;
                agreed.Add("date_of_birth~");
            }
        }
        if (listed.Surname == known.Surname)
        {
            score += 0.25;
            agreed.Add("surname");
        }
        else if (listed.SurnameSkeleton == known.SurnameSkeleton)
        {
            score += 0.1;
            agreed.Add("surname~");
        }
        if (listed.Given.Length > 0 && listed.Given == known.Given)
        {
            score += 0.2;
            agreed.Add("given_name");
        }
        else if (listed.Given.Length > 0 && PersonNames.Skeleton(listed.Given) == PersonNames.Skeleton(known.Given))
        {
            score += 0.1;
            agreed.Add("given_name~");
        }
        why = agreed.Count == 0 ? "nothing" : string.Join(';', agreed);
        return Math.Min(1.0, score);
    }

    /// <summary>The same date but for one of day, month or year, or with day and month swapped: a typing slip.</summary>
    private static bool OneFieldApart(DateOnly a, DateOnly b) =>
        (a.Year == b.Year ? 1 : 0) + (a.Month == b.Month ? 1 : 0) + (a.Day == b.Day ? 1 : 0) == 2
        || (a.Year == b.Year && a.Month == b.Day && a.Day == b.Month);

    private sealed record Indexed(KnownPerson Person, Keys Keys);

    private sealed record Keys(string Surname, string SurnameSkeleton, string Given, DateOnly? DateOfBirth, string Passport)
    {
        public static Keys Of(string surname, string given, DateOnly? born, string passport)
        {
            var key = PersonNames.SurnameKey(surname);
            return new Keys(key, PersonNames.Skeleton(key), PersonNames.Key(given), born, PersonNames.Passport(passport));
        }

        public IEnumerable<string> Blocks()
        {
            if (Passport.Length > 0)
            {
                yield return "p:" + Passport;
            }
            if (DateOfBirth is { } born)
            {
                yield return $"d:{SurnameSkeleton}|{born.DayNumber}";
            }
            if (Given.Length > 0)
            {
                yield return $"g:{SurnameSkeleton}|{PersonNames.Skeleton(Given)}";
            }
        }
    }
}
