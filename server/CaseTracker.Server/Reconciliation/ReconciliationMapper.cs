using CaseTracker.Client;
using CaseTracker.Server.Grpc;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace CaseTracker.Server.Reconciliation;

/// <summary>
/// Maps between the contract and the reconciliation's domain, in one place. The domain's enums carry the
/// contract's numbers (see <c>ReconciliationVocabulary.cs</c>), so each enum maps by a cast.
/// </summary>
public static class ReconciliationMapper
{
    /// <summary>
    /// The citizenship of a case filed for a listed person: the lists reconciled are of Tajik citizens (the task
    /// force's remit), and the contract takes citizenship as an ISO 3166-1 alpha-3 code.
    /// </summary>
    public const string ListedCitizenship = "TJK";

    public static PersonListKind ToDomain(V1.PersonListKind kind) => (PersonListKind)kind;

    public static ReviewerDecision ToDomain(V1.MatchDecision decision) => (ReviewerDecision)decision;

    public static ReconciliationOutcome ToDomain(V1.ReconciliationOutcome outcome) => (ReconciliationOutcome)outcome;

    /// <summary>
    /// A header as the import takes it; it was checked first (its as-of time is set). The as-of time is kept to the
    /// microsecond, as the record stores it: the same header sent again then names the same list on either database.
    /// </summary>
    public static ListHeader ToDomain(V1.PersonListHeader header) =>
        new(header.ImportId, ToDomain(header.Kind), Storage.StoredTime.ToMicrosecond(header.AsOfTime.ToDateTime()), header.Title);

    public static ReceivedRecord ToDomain(V1.PersonRecord r) =>
        new(r.Line, r.Surname, r.GivenName, r.DateOfBirth, r.PassportNumber, r.SourceReference, (int)r.Ground);

    public static V1.ReconciliationOutcome ToProto(ReconciliationOutcome outcome) => (V1.ReconciliationOutcome)outcome;

    /// <summary>The contract's name of an outcome (<c>RECONCILIATION_OUTCOME_NO_MATCH</c>), as counts and audit give it.</summary>
    public static string NameOf(ReconciliationOutcome outcome) => ContractNames.Of(ToProto(outcome));

    /// <summary>The contract's name of a reviewer's decision (<c>MATCH_DECISION_CONFIRM</c>), as the audit gives it.</summary>
    public static string NameOf(ReviewerDecision decision) => ContractNames.Of((V1.MatchDecision)decision);

    /// <summary>The contract's name of a registry proposal (<c>REGISTRY_PROPOSAL_REOPEN_CASE</c>), as events and counts give it.</summary>
    public static string NameOf(RegistryProposal proposal) => ContractNames.Of((V1.RegistryProposal)proposal);

    /// <summary>The contract's name of a kind of change (<c>KIND_ADDED</c>), as counts give it.</summary>
    public static string NameOf(RegistryChangeKind kind) => ContractNames.Of((V1.ReconciliationChange.Types.Kind)kind);

    /// <summary>The operation's metadata while a list is imported: its records and counts so far.</summary>
    public static byte[] Progress(PersonList list)
    {
        var progress = new V1.ReconciliationProgress { Reconciliation = ReconciliationNames.Format(list.Name), Records = list.Records };
        progress.OutcomeCounts.Add(OutcomeCounts(list));
        return Any.Pack(progress).ToByteArray();
    }

    public static V1.Reconciliation ToProto(PersonList list)
    {
        var proto = new V1.Reconciliation
        {
            Name = ReconciliationNames.Format(list.Name),
            Header = new V1.PersonListHeader
            {
                ImportId = list.ImportId,
                Kind = (V1.PersonListKind)list.Kind,
                AsOfTime = ProtoTime.Of(list.AsOfTime),
                Title = list.Title,
            },
            SourceParty = (V1.Party)list.SourceParty,
            State = list.Complete ? V1.Reconciliation.Types.State.Done : V1.Reconciliation.Types.State.Receiving,
            Records = list.Records,
            Operation = list.OperationName,
            CreateTime = ProtoTime.Of(list.CreateTime),
            UpdateTime = ProtoTime.Of(list.UpdateTime),
            PreviousSnapshot = list.PreviousSnapshot.Length > 0 ? ReconciliationNames.Format(list.PreviousSnapshot) : string.Empty,
            RecordsEraseTime = list.RecordsEraseTime is { } erased ? ProtoTime.Of(erased) : null,
        };
        proto.OutcomeCounts.Add(OutcomeCounts(list));
        return proto;
    }

    public static V1.ReconciliationResult ToProto(PersonListRow row) => new()
    {
        Name = ReconciliationNames.Record(row.List, row.Line),
        Record = new V1.PersonRecord
        {
            Line = row.Line,
            Surname = row.Surname,
            GivenName = row.GivenName,
            DateOfBirth = row.DateOfBirthText,
            PassportNumber = row.PassportNumber,
            SourceReference = row.SourceReference,
            Ground = Ground(row.Ground),
        },
        Outcome = ToProto(row.Outcome),
        Score = row.Score,
        MatchedCase = row.MatchedCase,
        MatchedRecord = row.MatchedRecord,
        Explanation = row.Explanation,
        InvalidReason = row.InvalidReason,
    };

    /// <summary>A change of a snapshot with its record; <paramref name="previousSnapshot"/> is the ID of the snapshot it was compared with.</summary>
    public static V1.ReconciliationChange ToProto(RegistryChangeRow change, PersonListRow row, string previousSnapshot) => new()
    {
        Kind = (V1.ReconciliationChange.Types.Kind)change.Kind,
        Result = ToProto(row),
        Record = ReconciliationNames.Record(row.List, row.Line),
        PreviousRecord = change.PreviousLine is { } line ? ReconciliationNames.Record(previousSnapshot, line) : string.Empty,
        PreviousGround = Ground(change.PreviousGround),
        Ground = Ground(change.Ground),
        Proposal = (V1.RegistryProposal)change.Proposal,
        Case = change.CaseName,
    };

    private static V1.RegistryGround Ground(Cases.RegistryGround? ground) => ground is { } value ? (V1.RegistryGround)value : V1.RegistryGround.Unspecified;

    /// <summary>The list's counts keyed by the contract's outcome names, as progress and the resource give them.</summary>
    private static Dictionary<string, long> OutcomeCounts(PersonList list) =>
        list.OutcomeCounts.ToDictionary(pair => NameOf(pair.Key), pair => pair.Value);

    /// <summary>A case template as the draft of a case, without a subject: also the replay key of a bulk filing.</summary>
    public static V1.Case ToCaseDraft(V1.CaseTemplate template)
    {
        var draft = new V1.Case
        {
            IntakeChannel = template.IntakeChannel,
            Priority = V1.Priority.Normal,
            EnforcementAction = new V1.EnforcementAction { Type = template.EnforcementActionType, Region = template.Region },
            AllegationDetails = template.AllegationDetails,
        };
        draft.Allegations.AddRange(template.Allegations);
        return draft;
    }

    /// <summary>The draft of the case filed for a record: the template's, with the record's person as its subject.</summary>
    public static V1.Case ToCaseDraft(V1.CaseTemplate template, PersonListRow row)
    {
        var draft = ToCaseDraft(template);
        draft.Subject = SubjectOf(row);
        return draft;
    }

    /// <summary>The record's person, the name filed under the field of the script it is written in.</summary>
    private static V1.Subject SubjectOf(PersonListRow row)
    {
        var name = $"{row.Surname} {row.GivenName}".Trim();
        var subject = new V1.Subject { Citizenship = ListedCitizenship, PassportNumber = row.PassportNumber, DateOfBirth = ProtoTime.DateOf(row.DateOfBirth) };
        switch (NameScripts.Of(name))
        {
            case NameScript.Tajik: subject.NameTajik = name; break;
            case NameScript.Russian: subject.NameRussian = name; break;
            default: subject.NameLatin = name; break;
        }
        return subject;
    }
}
