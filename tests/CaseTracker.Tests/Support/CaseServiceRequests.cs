using Google.Protobuf;
using FieldMask = Google.Protobuf.WellKnownTypes.FieldMask;

namespace CaseTracker.Tests.Support;

/// <summary>A valid request of every CaseService RPC, made for the case it is given (its name).</summary>
public static class CaseServiceRequests
{
    public static readonly IReadOnlyDictionary<string, Func<string, IMessage>> OnCase = new Dictionary<string, Func<string, IMessage>>(StringComparer.Ordinal)
    {
        ["CreateCase"] = _ => new V1.CreateCaseRequest { Case = Drafts.NewCase() },
        ["GetCase"] = name => new V1.GetCaseRequest { Name = name },
        ["ListCases"] = _ => new V1.ListCasesRequest(),
        ["UpdateCase"] = name => new V1.UpdateCaseRequest { Case = new V1.Case { Name = name, AllegationDetails = "More detail." }, UpdateMask = FieldMask.FromString("allegation_details") },
        ["StartInvestigation"] = name => new V1.StartInvestigationRequest { Name = name },
        ["RequestResponse"] = name => new V1.RequestResponseRequest { Name = name, Party = V1.Party.Ru, Awaited = "The file" },
        ["RecordResponse"] = name => new V1.RecordResponseRequest { Name = name, Summary = "Received" },
        ["ProposeResolution"] = name => new V1.ProposeResolutionRequest { Name = name, Findings = "Findings", Outcome = V1.Outcome.NoViolationFound },
        ["ReturnToInvestigation"] = name => new V1.ReturnToInvestigationRequest { Name = name, Reason = "Why" },
        ["SignOffResolution"] = name => new V1.SignOffResolutionRequest { Name = name },
        ["ReopenCase"] = name => new V1.ReopenCaseRequest { Name = name, Reason = "Why" },
        ["DeclareInadmissible"] = name => new V1.DeclareInadmissibleRequest { Name = name, Reason = "Why" },
        ["WithdrawCase"] = name => new V1.WithdrawCaseRequest { Name = name, Reason = "Why" },
        ["AssignInvestigator"] = name => new V1.AssignInvestigatorRequest { Name = name, InvestigatorId = "someone" },
        ["RecordConsent"] = name => new V1.RecordConsentRequest { Name = name, ShareWithOtherParty = true },
        ["WithdrawConsent"] = name => new V1.WithdrawConsentRequest { Name = name, Reason = "Why" },
        ["CreateNote"] = name => new V1.CreateNoteRequest { Parent = name, Note = new V1.Note { Text = "A note" } },
        ["ListNotes"] = name => new V1.ListNotesRequest { Parent = name },
        ["ListCaseEvents"] = name => new V1.ListCaseEventsRequest { Case = name },
        ["ListDeadlines"] = name => new V1.ListDeadlinesRequest { Parent = name },
        ["CountDeadlines"] = name => new V1.CountDeadlinesRequest { Parent = name },
        ["RecomputeDeadlines"] = name => new V1.RecomputeDeadlinesRequest { Name = name },
        ["WatchCaseEvents"] = name => new V1.WatchCaseEventsRequest { Case = name },
        ["GetLogCheckpoint"] = _ => new V1.GetLogCheckpointRequest(),
        ["SignCheckpoint"] = _ => new V1.SignCheckpointRequest { Sequence = 1, Hash = new string('a', 64), Signature = ByteString.CopyFrom(new byte[64]) },
        ["ListDisclosures"] = name => new V1.ListDisclosuresRequest { Parent = name },
        ["FindPossibleDuplicates"] = _ => new V1.FindPossibleDuplicatesRequest { Case = Drafts.NewCase() },
        ["LinkCases"] = name => new V1.LinkCasesRequest { Name = name, Other = "cases/tf-2000-000001", Kind = V1.LinkKind.Related, Reason = "Why" },
        ["UnlinkCases"] = name => new V1.UnlinkCasesRequest { Name = name, Other = "cases/tf-2000-000001", Reason = "Why" },
        ["CloseAsDuplicate"] = name => new V1.CloseAsDuplicateRequest { Name = name, Original = "cases/tf-2000-000001", Reason = "Why" },
    };
}
