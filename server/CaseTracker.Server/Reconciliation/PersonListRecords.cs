using CaseTracker.Server.Cases;

namespace CaseTracker.Server.Reconciliation;

/// <summary>An imported list and the running counts of its reconciliation.</summary>
public sealed class PersonList
{
    private PersonList()
    {
        Name = ImportId = Title = OperationName = string.Empty;
    }

    public PersonList(string name, string importId, Party sourceParty, PersonListKind kind, DateTime asOfTime, string title, string operationName, DateTime now)
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

    public PersonListKind Kind { get; private set; }

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

    /// <summary>For a registry snapshot compared with the one before it: that snapshot's ID; empty otherwise.</summary>
    public string PreviousSnapshot { get; private set; } = string.Empty;

    /// <summary>Whether a complete registry snapshot was compared with its predecessor and its changes applied to cases.</summary>
    public bool Compared { get; private set; }

    /// <summary>
    /// When the personal data of the list's records was erased at the end of its retention period (Records/); null
    /// while it is held. The records keep their lines, outcomes, scores, matches and grounds, and the list its counts.
    /// </summary>
    public DateTime? RecordsEraseTime { get; private set; }

    /// <summary>The records' personal data was erased (each record's fields are cleared by the erasure itself, set-based).</summary>
    public void RecordsErased(DateTime now)
    {
        RecordsEraseTime = now;
        UpdateTime = now;
    }

    /// <summary>The snapshot was compared (with <paramref name="previous"/>, or nothing for the first of a series).</summary>
    public void ComparedWith(string previous)
    {
        PreviousSnapshot = previous;
        Compared = true;
    }

    /// <summary>Counts a record stored for the first time.</summary>
    public void Counted(ReconciliationOutcome outcome)
    {
        Records++;
        Adjust(outcome, +1);
    }

    /// <summary>Moves a record from one outcome's count to another's (a reviewer's decision, a case opened).</summary>
    public void Recounted(ReconciliationOutcome from, ReconciliationOutcome to)
    {
        Adjust(from, -1);
        Adjust(to, +1);
    }

    private void Adjust(ReconciliationOutcome outcome, int by)
    {
        switch (outcome)
        {
            case ReconciliationOutcome.MatchedOpenCase: MatchedOpenCase += by; break;
            case ReconciliationOutcome.MatchedClosedCase: MatchedClosedCase += by; break;
            case ReconciliationOutcome.ReturnedHome: ReturnedHome += by; break;
            case ReconciliationOutcome.NoMatch: NoMatch += by; break;
            case ReconciliationOutcome.Ambiguous: Ambiguous += by; break;
            default: Invalid += by; break;
        }
    }

    public void Touched(DateTime now) => UpdateTime = now;

    public void Completed() => Complete = true;

    public IReadOnlyDictionary<ReconciliationOutcome, long> OutcomeCounts => new Dictionary<ReconciliationOutcome, long>
    {
        [ReconciliationOutcome.MatchedOpenCase] = MatchedOpenCase, [ReconciliationOutcome.MatchedClosedCase] = MatchedClosedCase,
        [ReconciliationOutcome.ReturnedHome] = ReturnedHome, [ReconciliationOutcome.NoMatch] = NoMatch,
        [ReconciliationOutcome.Ambiguous] = Ambiguous, [ReconciliationOutcome.Invalid] = Invalid,
    };

    /// <summary>The operation that tracks the import of the list with this ID.</summary>
    public static string OperationNameOf(string name) => $"operations/reconciliation-{name}";
}

/// <summary>One record of a list as received, with its outcome. Keyed by (list, line): a record is stored once.</summary>
public sealed class PersonListRow
{
    private PersonListRow()
    {
        List = Surname = GivenName = DateOfBirthText = PassportNumber = SourceReference = MatchedCase = MatchedRecord = Explanation = InvalidReason = PersonKey = string.Empty;
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

    public ReconciliationOutcome Outcome { get; private set; }

    public double Score { get; private set; }

    public string MatchedCase { get; private set; }

    public string MatchedRecord { get; private set; }

    public string Explanation { get; private set; }

    public string InvalidReason { get; private set; }

    /// <summary>The ground a registry snapshot lists the person on; null for other lists and when unsent.</summary>
    public Cases.RegistryGround? Ground { get; private set; }

    /// <summary>
    /// Who the record is, for comparing one registry snapshot with the next: the normalised passport and date of
    /// birth, or without a passport the name skeletons and date of birth. Empty for other lists and invalid records.
    /// </summary>
    public string PersonKey { get; private set; }

    /// <summary>A reviewer's decision: the new outcome; the candidate stays, so a later decision can go back on it.</summary>
    public void Decided(ReconciliationOutcome outcome, string explanation)
    {
        Outcome = outcome;
        Explanation = explanation;
    }

    /// <summary>A case was filed for this record: it now matches that open case, for certain.</summary>
    public void CaseOpened(string caseName, string explanation)
    {
        Outcome = ReconciliationOutcome.MatchedOpenCase;
        MatchedCase = caseName;
        Score = CertainScore;
        Explanation = explanation;
    }

    /// <summary>The score of a match nobody doubts: the record's own case was filed for it.</summary>
    public const double CertainScore = 1;

    /// <summary>The candidate a reviewer decides on: the case, or else the returned-home record.</summary>
    public string Candidate => MatchedCase.Length > 0 ? MatchedCase : MatchedRecord;

    /// <summary>The columns <see cref="Values"/> gives, in order, for a prepared insert.</summary>
    public static readonly string[] Columns =
    [
        nameof(List), nameof(Line), nameof(Surname), nameof(GivenName), nameof(DateOfBirthText), nameof(DateOfBirth), nameof(PassportNumber),
        nameof(SourceReference), nameof(Outcome), nameof(Score), nameof(MatchedCase), nameof(MatchedRecord), nameof(Explanation), nameof(InvalidReason),
        nameof(Ground), nameof(PersonKey),
    ];

    /// <summary>A record's values; <paramref name="snapshot"/>: the list is a registry snapshot, whose records are keyed for comparison.</summary>
    public static object?[] Values(string list, ReconciledRecord r, bool snapshot) =>
    [
        // The outcome as its stored number: a prepared insert's parameters take plain values.
        list, r.Line, r.Surname, r.GivenName, r.DateOfBirthText, r.DateOfBirth, r.PassportNumber, r.SourceReference, (int)r.Outcome, r.Score,
        r.MatchedCase, r.MatchedRecord, r.Explanation, r.InvalidReason,
        r.Ground is { } ground ? (int)ground : null, snapshot && r.Keys is { } keys ? PersonKeyOf(keys) : string.Empty,
    ];

    /// <summary>See <see cref="PersonKey"/>.</summary>
    public static string PersonKeyOf(PersonKeys keys)
    {
        var born = keys.DateOfBirth?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        return keys.Passport.Length > 0 ? $"p:{keys.Passport}|{born}" : $"n:{keys.SurnameSkeleton}|{keys.GivenSkeleton}|{born}";
    }
}

/// <summary>A record of a list as it was received, before it is checked (a struct: one goes by for every record of a list).</summary>
public readonly record struct ReceivedRecord(
    long Line, string Surname, string GivenName, string DateOfBirth, string PassportNumber, string SourceReference, int Ground = 0);

/// <summary>A record checked, normalised and matched, ready to store; a valid one carries the keys it was matched on.</summary>
public sealed record ReconciledRecord(
    long Line, string Surname, string GivenName, string DateOfBirthText, DateOnly? DateOfBirth, string PassportNumber, string SourceReference,
    ReconciliationOutcome Outcome, double Score, string MatchedCase, string MatchedRecord, string Explanation, string InvalidReason, PersonKeys? Keys,
    Cases.RegistryGround? Ground = null);

/// <summary>One reviewer decision on a record, kept for good: who, when, why, and what it replaced.</summary>
public sealed class MatchDecisionRecord(
    string list, long line, int number, ReviewerDecision decision, string candidate, ReconciliationOutcome previousOutcome, ReconciliationOutcome outcome,
    string actor, Party actorParty, string reason, DateTime time)
{
    public string List { get; private set; } = list;

    public long Line { get; private set; } = line;

    /// <summary>1 for the record's first decision, then 2, 3, …</summary>
    public int Number { get; private set; } = number;

    public ReviewerDecision Decision { get; private set; } = decision;

    public string Candidate { get; private set; } = candidate;

    public ReconciliationOutcome PreviousOutcome { get; private set; } = previousOutcome;

    public ReconciliationOutcome Outcome { get; private set; } = outcome;

    public string Actor { get; private set; } = actor;

    public Party ActorParty { get; private set; } = actorParty;

    public string Reason { get; private set; } = reason;

    public DateTime Time { get; private set; } = time;
}
