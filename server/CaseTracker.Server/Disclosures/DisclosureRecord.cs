using CaseTracker.Server.Cases;

namespace CaseTracker.Server.Disclosures;

/// <summary>
/// One row of the append-only disclosure log: who was shown which personal data fields of whose subject, when and
/// by which method — never the values. Rows are only ever inserted, and chained by hash (<see cref="DisclosureLog"/>).
/// </summary>
public sealed class DisclosureRecord
{
    private DisclosureRecord()
    {
        Caller = CaseId = Record = Fields = Method = PreviousHash = Hash = string.Empty;
    }

    public DisclosureRecord(
        long sequence, DateTime discloseTime, Party callerParty, string caller, Role callerRole,
        string caseId, string record, string fields, string method, string previousHash, string hash)
    {
        Sequence = sequence;
        DiscloseTime = discloseTime;
        CallerParty = callerParty;
        Caller = caller;
        CallerRole = callerRole;
        CaseId = caseId;
        Record = record;
        Fields = fields;
        Method = method;
        PreviousHash = previousHash;
        Hash = hash;
    }

    public long Sequence { get; private init; }

    public DateTime DiscloseTime { get; private init; }

    public Party CallerParty { get; private init; }

    /// <summary>The caller's user ID.</summary>
    public string Caller { get; private init; }

    public Role CallerRole { get; private init; }

    /// <summary>The case's ID (<c>tf-2026-000001</c>), or empty for a list record that matched no case.</summary>
    public string CaseId { get; private init; }

    /// <summary>The list record's name, <c>reconciliations/{reconciliation}/records/{line}</c>, or empty for a case.</summary>
    public string Record { get; private init; }

    /// <summary>The fields shown, comma-separated: <c>subject.passport_number,subject.contact</c>.</summary>
    public string Fields { get; private init; }

    /// <summary>The method whose response showed them, for example <c>GetCase</c>.</summary>
    public string Method { get; private init; }

    public string PreviousHash { get; private init; }

    public string Hash { get; private init; }
}

/// <summary>One disclosure a response is about to make, before it has its place in the chain.</summary>
/// <param name="CaseId">The case's ID, or empty.</param>
/// <param name="Record">The list record's name, or empty.</param>
/// <param name="Fields">The fields shown.</param>
public sealed record DisclosureDraft(string CaseId, string Record, IReadOnlyList<string> Fields);
