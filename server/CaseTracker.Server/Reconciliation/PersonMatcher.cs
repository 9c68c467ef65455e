using System.Globalization;

namespace CaseTracker.Server.Reconciliation;

/// <summary>Where a known person is known from.</summary>
public enum KnownSource { OpenCase = 1, ClosedCase = 2, ReturnedHome = 3 }

/// <summary>
/// A person the task force knows: a case's subject, or a record of the other party's returned-home list.
/// <c>Reference</c> is the case (<c>cases/…</c>) or the record (<c>reconciliations/…/records/N</c>).
/// <c>PassportWithheld</c>: the importing party may not see this person's passport (the other party's case without
/// consent to share), so it is neither looked up nor compared for that import.
/// </summary>
public sealed record KnownPerson(
    KnownSource Source, string Reference, string Surname, string GivenName, DateOnly? DateOfBirth, string PassportNumber, bool PassportWithheld = false);

/// <summary>A person as a list describes them, already checked and normalised.</summary>
public sealed record ListedPerson(string Surname, string GivenName, DateOnly DateOfBirth, string PassportNumber);

/// <summary>What the matcher decided for one listed person.</summary>
public sealed record MatchResult(MatchDecision Decision, double Score, KnownPerson? Best, string Explanation);

public enum MatchDecision { Match = 1, NoMatch = 2, Ambiguous = 3 }

/// <summary>
/// Matches listed persons against known ones. Candidates are found by blocking — the same passport; the same
/// surname skeleton and date of birth; or the same surname and given-name skeletons with the same year, or the
/// same day and month, of birth — so each record looks at a handful of persons and the cost grows linearly with
/// the list. Each candidate is scored on what agrees;
/// the best is a match when it scores at least <see cref="MatchAt"/> and no other person comes close,
/// ambiguous (for a reviewer) from <see cref="AmbiguousAt"/>, otherwise no match.
/// </summary>
/// <remarks>
/// A passport withheld from the importing party (<see cref="KnownPerson.PassportWithheld"/>) is left out of
/// matching: that person is found and scored on names and date of birth only, so nothing in the result — outcome,
/// score, explanation — depends on whether a passport sent for them agreed. Where it could have decided (a record
/// that carries a passport, and a withheld person it could have made the match or a close rival), the record is
/// ambiguous, for a joint reviewer who may see both parties' data.
/// </remarks>
public sealed class PersonMatcher
{
    public const double MatchAt = 0.75;
    public const double AmbiguousAt = 0.6;

    /// <summary>What an agreeing passport adds to a score.</summary>
    private const double PassportWeight = 0.5;

    /// <summary>A second candidate this close to the best (a tie, give or take a slip) makes the best uncertain.</summary>
    private const double CloseSecond = 0.1 + 1e-9;

    private readonly IReadOnlyList<PersonIndex> _indexes;

    public PersonMatcher(IReadOnlyCollection<KnownPerson> known)
        : this([PersonIndex.Of(known)])
    {
    }

    /// <summary>Matches against the persons of several indexes as if they were one.</summary>
    public PersonMatcher(IReadOnlyList<PersonIndex> indexes)
    {
        _indexes = indexes;
    }

    public MatchResult Match(ListedPerson listed) => Match(PersonKeys.Of(listed));

    /// <summary>Matches keys computed once for several matchers.</summary>
    public MatchResult Match(PersonKeys keys)
    {
        // The best candidate (see Outranks). A candidate met again in another block is skipped when it is the best;
        // any other scored no more than the best and lost any tie to it, so it changes nothing.
        PersonIndex.Indexed? best = null;
        double bestScore = -1;
        Agreement bestAgreed = default;
        // Those that could come close to a best worth deciding on (one scoring at least AmbiguousAt); usually none.
        List<(PersonIndex.Indexed Candidate, double Score)>? contenders = null;
        // The best of those whose passport is withheld, when the record carries one it could have agreed with.
        PersonIndex.Indexed? withheld = null;
        double withheldScore = -1;
        Agreement withheldAgreed = default;
        var passportSent = keys.Passport.Length > 0;
        foreach (var index in _indexes)
        {
            foreach (var block in keys.Blocks)
            {
                foreach (var candidate in index.Candidates(block))
                {
                    if (ReferenceEquals(candidate, best))
                    {
                        continue;
                    }
                    var agreed = Agree(keys, candidate.Keys);
                    var score = Score(agreed);
                    if (score > AmbiguousAt - CloseSecond)
                    {
                        (contenders ??= []).Add((candidate, score));
                    }
                    if (Outranks(candidate, score, best, bestScore))
                    {
                        (best, bestScore, bestAgreed) = (candidate, score, agreed);
                    }
                    if (passportSent && candidate.Person.PassportWithheld && Outranks(candidate, score, withheld, withheldScore))
                    {
                        (withheld, withheldScore, withheldAgreed) = (candidate, score, agreed);
                    }
                }
            }
        }
        var result = Decide(best, bestScore, bestAgreed, contenders);
        return withheld is not null && WithheldPassportCouldDecide(result, best!, bestScore, withheld, withheldScore)
            ? new MatchResult(MatchDecision.Ambiguous, withheldScore, withheld.Person, ForJointReview[(int)withheldAgreed])
            : result;
    }

    /// <summary>The outcome on what could be compared.</summary>
    private static MatchResult Decide(
        PersonIndex.Indexed? best, double bestScore, Agreement bestAgreed, List<(PersonIndex.Indexed Candidate, double Score)>? contenders)
    {
        if (best is null || bestScore < AmbiguousAt)
        {
            return new MatchResult(MatchDecision.NoMatch, 0, null, best is null ? "no candidate" : BelowAmbiguous[(int)bestAgreed]);
        }
        // The best is uncertain when another person — not another record of the best's own — comes close.
        var rival = Rival(contenders!, best, bestScore);
        if (bestScore >= MatchAt && rival is null)
        {
            return new MatchResult(MatchDecision.Match, bestScore, best.Person, Explain(bestAgreed));
        }
        var doubt = rival is { } other
            ? $"{Explain(bestAgreed)}; another candidate ({other.Candidate.Person.Reference}) scores {other.Score.ToString("0.00", CultureInfo.InvariantCulture)}"
            : $"{Explain(bestAgreed)}; too little agrees";
        return new MatchResult(MatchDecision.Ambiguous, bestScore, best.Person, doubt);
    }

    /// <summary>
    /// Whether an agreeing passport of the withheld person could have changed the outcome: made them the match, or,
    /// beside a match with someone else, a rival close enough to doubt it. Decided on what could be compared only,
    /// so the answer is the same whatever passport the record carries.
    /// </summary>
    private static bool WithheldPassportCouldDecide(
        MatchResult result, PersonIndex.Indexed best, double bestScore, PersonIndex.Indexed withheld, double withheldScore)
    {
        if (result.Decision != MatchDecision.Match)
        {
            return withheldScore + PassportWeight >= MatchAt;
        }
        return !ReferenceEquals(best, withheld) && !SamePerson(best.Person, withheld.Person)
            && withheldScore + PassportWeight > bestScore - CloseSecond;
    }

    /// <summary>The highest-scoring other person within <see cref="CloseSecond"/> of the best (ties: first reference), if any.</summary>
    private static (PersonIndex.Indexed Candidate, double Score)? Rival(
        List<(PersonIndex.Indexed Candidate, double Score)> contenders, PersonIndex.Indexed best, double bestScore)
    {
        (PersonIndex.Indexed Candidate, double Score)? rival = null;
        foreach (var (candidate, score) in contenders)
        {
            if (ReferenceEquals(candidate, best) || SamePerson(best.Person, candidate.Person) || score <= bestScore - CloseSecond)
            {
                continue;
            }
            if (rival is not { } known || Outranks(candidate, score, known.Candidate, known.Score))
            {
                rival = (candidate, score);
            }
        }
        return rival;
    }

    /// <summary>
    /// A higher score, or the same score and the first reference in ordinal order: a ranking that does not depend on
    /// the order candidates are met in.
    /// </summary>
    private static bool Outranks(PersonIndex.Indexed candidate, double score, PersonIndex.Indexed? other, double otherScore) =>
        other is null || score > otherScore || (score == otherScore && string.CompareOrdinal(candidate.Person.Reference, other.Person.Reference) < 0);

    /// <summary>
    /// Two records of one person (a case and a returned-home record with the same passport) do not compete. A withheld
    /// passport is not compared here either: whether two persons compete would tell the importer whether it agrees.
    /// </summary>
    private static bool SamePerson(KnownPerson a, KnownPerson b) =>
        a.PassportNumber.Length > 0 && a.PassportNumber == b.PassportNumber && !a.PassportWithheld && !b.PassportWithheld;

    [Flags]
    private enum Agreement
    {
        None = 0,
        Passport = 1,
        DateOfBirth = 2,
        DateOfBirthSlip = 4,
        Surname = 8,
        SurnameSkeleton = 16,
        GivenName = 32,
        GivenNameSkeleton = 64,
    }

    private static Agreement Agree(PersonKeys listed, PersonKeys known)
    {
        var agreed = Agreement.None;
        if (listed.Passport.Length > 0 && listed.Passport == known.Passport)
        {
            agreed |= Agreement.Passport;
        }
        if (known.DateOfBirth is { } born)
        {
            agreed |= born == listed.DateOfBirth ? Agreement.DateOfBirth
                : OneFieldApart(born, listed.DateOfBirth!.Value) ? Agreement.DateOfBirthSlip
                : Agreement.None;
        }
        agreed |= listed.Surname == known.Surname ? Agreement.Surname
            : listed.SurnameSkeleton == known.SurnameSkeleton ? Agreement.SurnameSkeleton
            : Agreement.None;
        if (listed.Given.Length > 0)
        {
            agreed |= listed.Given == known.Given ? Agreement.GivenName
                : listed.GivenSkeleton == known.GivenSkeleton ? Agreement.GivenNameSkeleton
                : Agreement.None;
        }
        return agreed;
    }

    private static double Score(Agreement agreed)
    {
        var score = 0.0;
        score += agreed.HasFlag(Agreement.Passport) ? PassportWeight : 0;
        score += agreed.HasFlag(Agreement.DateOfBirth) ? 0.3 : agreed.HasFlag(Agreement.DateOfBirthSlip) ? 0.1 : 0;
        score += agreed.HasFlag(Agreement.Surname) ? 0.25 : agreed.HasFlag(Agreement.SurnameSkeleton) ? 0.1 : 0;
        score += agreed.HasFlag(Agreement.GivenName) ? 0.2 : agreed.HasFlag(Agreement.GivenNameSkeleton) ? 0.1 : 0;
        return Math.Min(1.0, score);
    }

    /// <summary>What agreed, for people: <c>passport;date_of_birth;surname</c>, a <c>~</c> marking a near agreement.</summary>
    private static string Explain(Agreement agreed) => Explanations[(int)agreed];

    /// <summary>Every combination's explanation, written once (there are 128), not once a record.</summary>
    private static readonly string[] Explanations = [.. Enumerable.Range(0, 128).Select(flags => Describe((Agreement)flags))];

    private static readonly string[] BelowAmbiguous = [.. Explanations.Select(explanation => $"best candidate agreed only on {explanation}")];

    private static readonly string[] ForJointReview =
        [.. Explanations.Select(explanation => $"{explanation}; the passport is withheld from the importing party: for a joint reviewer")];

    private static string Describe(Agreement agreed)
    {
        var parts = new List<string>(4);
        if (agreed.HasFlag(Agreement.Passport)) parts.Add("passport");
        if (agreed.HasFlag(Agreement.DateOfBirth)) parts.Add("date_of_birth");
        if (agreed.HasFlag(Agreement.DateOfBirthSlip)) parts.Add("date_of_birth~");
        if (agreed.HasFlag(Agreement.Surname)) parts.Add("surname");
        if (agreed.HasFlag(Agreement.SurnameSkeleton)) parts.Add("surname~");
        if (agreed.HasFlag(Agreement.GivenName)) parts.Add("given_name");
        if (agreed.HasFlag(Agreement.GivenNameSkeleton)) parts.Add("given_name~");
        return parts.Count == 0 ? "nothing" : string.Join(';', parts);
    }

    /// <summary>The same date but for one of day, month or year, or with day and month swapped: a typing slip.</summary>
    private static bool OneFieldApart(DateOnly a, DateOnly b) =>
        (a.Year == b.Year ? 1 : 0) + (a.Month == b.Month ? 1 : 0) + (a.Day == b.Day ? 1 : 0) == 2
        || (a.Year == b.Year && a.Month == b.Day && a.Day == b.Month);
}

/// <summary>
/// Known persons filed under their blocks, for a <see cref="PersonMatcher"/> to look up. Immutable once built, so
/// one index serves any number of matchers at once.
/// </summary>
public sealed class PersonIndex
{
    private static readonly List<Indexed> NoCandidates = [];

    private readonly Dictionary<Block, List<Indexed>> _blocks;

    private PersonIndex(IReadOnlyCollection<Indexed> persons)
    {
        _blocks = new Dictionary<Block, List<Indexed>>(persons.Count * 3);
        foreach (var person in persons)
        {
            foreach (var block in person.Keys.Blocks)
            {
                if (!_blocks.TryGetValue(block, out var list))
                {
                    _blocks[block] = list = new List<Indexed>(2);
                }
                list.Add(person);
            }
        }
        Count = persons.Count;
    }

    /// <summary>How many persons the index holds.</summary>
    public int Count { get; }

    /// <summary>Indexes known persons, computing their keys on every core (most of the work); blocks are filled in order.</summary>
    public static PersonIndex Of(IReadOnlyCollection<KnownPerson> known) =>
        new(known.AsParallel().AsOrdered()
            .Select(person => new Indexed(person,
                PersonKeys.Of(person.Surname, person.GivenName, person.DateOfBirth, person.PassportWithheld ? string.Empty : person.PassportNumber)))
            .ToList());

    /// <summary>Indexes known persons whose keys are already computed (as a list's import computed them to match the list).</summary>
    public static PersonIndex Of(IReadOnlyCollection<(KnownPerson Person, PersonKeys Keys)> keyed) =>
        new(keyed.Select(k => new Indexed(k.Person, k.Keys)).ToList());

    internal List<Indexed> Candidates(Block block) => _blocks.TryGetValue(block, out var candidates) ? candidates : NoCandidates;

    internal sealed record Indexed(KnownPerson Person, PersonKeys Keys);
}

/// <summary>A person's comparable keys: what the matcher blocks on and scores.</summary>
public sealed class PersonKeys
{
    private PersonKeys(string surname, string given, DateOnly? dateOfBirth, string passport)
    {
        Surname = surname;
        SurnameSkeleton = PersonNames.Skeleton(surname);
        Given = given;
        GivenSkeleton = PersonNames.Skeleton(given);
        DateOfBirth = dateOfBirth;
        Passport = passport;
        Blocks = BlocksOf();
    }

    public string Surname { get; }

    public string SurnameSkeleton { get; }

    public string Given { get; }

    public string GivenSkeleton { get; }

    public DateOnly? DateOfBirth { get; }

    public string Passport { get; }

    /// <summary>The blocks this person is filed under, and looked up in: computed once, used by every matcher.</summary>
    public Block[] Blocks { get; }

    public static PersonKeys Of(ListedPerson listed) => Of(listed.Surname, listed.GivenName, listed.DateOfBirth, listed.PassportNumber);

    public static PersonKeys Of(string surname, string given, DateOnly? born, string passport) =>
        new(PersonNames.SurnameKey(surname), PersonNames.Key(given), born, PersonNames.Passport(passport));

    private Block[] BlocksOf()
    {
        var blocks = new List<Block>(4);
        if (Passport.Length > 0)
        {
            blocks.Add(new Block(BlockKind.Passport, Passport, 0));
        }
        if (DateOfBirth is { } born)
        {
            blocks.Add(new Block(BlockKind.SurnameAndBirthDate, SurnameSkeleton, born.DayNumber));
            if (Given.Length > 0)
            {
                // For a slip in the date of birth: a slip changes one of day, month or year, so either the year
                // or the day and month still agree. Common names make name-only blocks large; these stay small.
                var names = $"{SurnameSkeleton}|{GivenSkeleton}";
                blocks.Add(new Block(BlockKind.NamesAndBirthYear, names, born.Year));
                blocks.Add(new Block(BlockKind.NamesAndBirthDay, names, born.Month * 100 + born.Day));
            }
        }
        return [.. blocks];
    }
}

/// <summary>What a block groups persons by.</summary>
public enum BlockKind { Passport = 1, SurnameAndBirthDate = 2, NamesAndBirthYear = 3, NamesAndBirthDay = 4 }

/// <summary>One block: persons sharing a passport, or name skeletons and a part of the date of birth.</summary>
public readonly record struct Block(BlockKind Kind, string Text, int Number);
