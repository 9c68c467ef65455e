using CaseTracker.Server.Cases;

namespace CaseTracker.Server.Reconciliation;

/// <summary>An imported list and the running counts of its reconciliation.</summary>
public sealed class PersonList
{
    private PersonList()
    {
        Name = ImportId = Title = OperationName = string.Empty;
    }

    public PersonList(string name, string importId, Party sourceParty, int kind, DateTime asOfTime, string title, string operationName, DateTime now)
    {
        Name = name;
        ImportId = importId;
        SourceParty = sourceParty;
        Kind = kind;
        AsOfTime = asOfTime;
        Title = title;
        OperationName = operationName;
        CreateTime = UpdateTime = now;
    }

    /// <summary><c>{party}-{import_id}</c> in lower case: the reconciliation's ID.</summary>
    public string Name { get; private set; }

    public string ImportId { get; private set; }

    public Party SourceParty { get; private set; }

    /// <summary>The contract's <c>PersonListKind</c> number.</summary>
    public int Kind { get; private set; }

    public DateTime AsOfTime { get; private set; }

    public string Title { get; private set; }

    public string OperationName { get; private set; }

    public bool Complete { get; private set; }

    public long Records { get; private set; }

    public long MatchedOpenCase { get; private set; }

    public long MatchedClosedCase { get; private set; }

    public long ReturnedHome { get; private set; }

    public long NoMatch { get; private set; }

    public long Ambiguous { get; private set; }

    public long Invalid { get; private set; }

    public DateTime CreateTime { get; private set; }

    public DateTime UpdateTime { get; private set; }

    /// <summary>Counts a record stored for the first time.</summary>
    public void Counted(int outcome)
    {
        Records++;
        Adjust(outcome, +1);
    }

    /// <summary>Moves a record from one outcome's count to another's (a reviewer's decision, a case opened).</summary>
    public void Recounted(int from, int to)
    {
        Adjust(from, -1);
        Adjust(to, +1);
    }

    private void Adjust(int outcome, int by)
    {
        switch (outcome)
        {
            case 1: MatchedOpenCase += by; break;
            case 2: MatchedClosedCase += by; break;
            case 3: ReturnedHome += by; break;
            case 4: NoMatch += by; break;
            case 5: Ambiguous += by; break;
            default: Invalid += by; break;
        }
    }

    public void Touched(DateTime now) => UpdateTime = now;

    public void Completed() => Complete = true;

    public IReadOnlyDictionary<int, long> OutcomeCounts => new Dictionary<int, long>
    {
        [1] = MatchedOpenCase, [2] = MatchedClosedCase, [3] = ReturnedHome, [4] = NoMatch, [5] = Ambiguous, [6] = Invalid,
    };
}

/// <summary>One record of a list as received, with its outcome. Keyed by (list, line): a record is stored once.</summary>
public sealed class PersonListRow
{
    private PersonListRow()
    {
        List = Surname = GivenName = DateOfBirthText = PassportNumber = SourceReference = MatchedCase = MatchedRecord = Explanation = InvalidReason = string.Empty;
    }

    public string List { get; private set; }

    public long Line { get; private set; }

    public string Surname { get; private set; }

    public string GivenName { get; private set; }

    /// <summary>The date of birth as sent (a bad one is kept as it came, cut to 10 characters).</summary>
    public string DateOfBirthText { get; private set; }

    public DateOnly? DateOfBirth { get; private set; }

    public string PassportNumber { get; private set; }

    public string SourceReference { get; private set; }

    /// <summary>The contract's <c>ReconciliationOutcome</c> number.</summary>
    public int Outcome { get; private set; }

    public double Score { get; private set; }

    public string MatchedCase { get; private set; }

    public string MatchedRecord { get; private set; }

    public string Explanation { get; private set; }

    public string InvalidReason { get; private set; }

    /// <summary>A reviewer's decision: the new outcome; the candidate stays, so a later decision can go back on it.</summary>
    public void Decided(int outcome, string explanation)
    {
        Outcome = outcome;
        Explanation = explanation;
    }

    /// <summary>A case was filed for this record: it now matches that open case.</summary>
    public void CaseOpened(int outcome, string caseName, string explanation)
    {
        Outcome = outcome;
        MatchedCase = caseName;
        Score = 1;
        Explanation = explanation;
    }

    /// <summary>The candidate a reviewer decides on: the case, or else the returned-home record.</summary>
    public string Candidate => MatchedCase.Length > 0 ? MatchedCase : MatchedRecord;

    /// <summary>The columns <see cref="Values"/> gives, in order, for a prepared insert.</summary>
    public static readonly string[] Columns =
    [
        nameof(List), nameof(Line), nameof(Surname), nameof(GivenName), nameof(DateOfBirthText), nameof(DateOfBirth), nameof(PassportNumber),
        nameof(SourceReference), nameof(Outcome), nameof(Score), nameof(MatchedCase), nameof(MatchedRecord), nameof(Explanation), nameof(InvalidReason),
    ];

    public static object?[] Values(string list, ReconciledRecord r) =>
    [
        list, r.Line, r.Surname, r.GivenName, r.DateOfBirthText, r.DateOfBirth, r.PassportNumber, r.SourceReference, r.Outcome, r.Score,
        r.MatchedCase, r.MatchedRecord, r.Explanation, r.InvalidReason,
    ];
}

/// <summary>A record checked, normalised and matched, ready to store; a valid one carries the keys it was matched on.</summary>
public sealed record ReconciledRecord(
    long Line, string Surname, string GivenName, string DateOfBirthText, DateOnly? DateOfBirth, string PassportNumber, string SourceReference,
    int Outcome, double Score, string MatchedCase, string MatchedRecord, string Explanation, string InvalidReason, PersonKeys? Keys);

/// <summary>One reviewer decision on a record, kept for good: who, when, why, and what it replaced.</summary>
public sealed class MatchDecisionRecord(
    string list, long line, int number, int decision, string candidate, int previousOutcome, int outcome,
    string actor, Party actorParty, string reason, DateTime time)
{
    public string List { get; private set; } = list;

    public long Line { get; private set; } = line;

    /// <summary>1 for the record's first decision, then 2, 3, …</summary>
    public int Number { get; private set; } = number;

    /// <summary>The contract's <c>MatchDecision</c> number.</summary>
    public int Decision { get; private set; } = decision;

    public string Candidate { get; private set; } = candidate;

    public int PreviousOutcome { get; private set; } = previousOutcome;

    public int Outcome { get; private set; } = outcome;

    public string Actor { get; private set; } = actor;

    public Party ActorParty { get; private set; } = actorParty;

    public string Reason { get; private set; } = reason;

    public DateTime Time { get; private set; } = time;
}
