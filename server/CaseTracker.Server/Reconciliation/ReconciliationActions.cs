using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Grpc;
using CaseTracker.Server.Security;
using CaseTracker.Server.Storage;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Reconciliation;

/// <summary>
/// What reviewers do with a reconciliation: decide on a record's candidate, file cases for records in bulk, and
/// propose "already returned home" for the cases of people who went home. Every change goes through the writer:
/// the record, its list's counts, the audit of the decision and any case event commit together.
/// </summary>
public sealed class ReconciliationActions(IdempotentWriter writer, CaseFiling filing, TimeProvider clock)
{
    public const int MaxRecordsPerAction = 500;

    public Task<V1.ReconciliationResult> DecideMatchAsync(V1.DecideMatchRequest request, ServerCallContext context)
    {
        var validator = new CaseRequestValidator(clock).RequestId(request.RequestId);
        var record = ReconciliationNames.TryParseRecord(request.Name);
        if (record is null)
        {
            validator.Add("name", request.Name.Length == 0 ? "required" : "must be reconciliations/{reconciliation}/records/{line}");
        }
        validator.DefinedEnum("decision", request.Decision).RequiredText("reason", request.Reason, 2_000).ThrowIfInvalid();
        var (list, line) = record!.Value;
        var caller = AuthenticationInterceptor.CallerOf(context);
        return writer.RunAsync(caller, context.Method, request, request.RequestId, async session =>
        {
            var row = await session.Db.PersonListRows.FindAsync(list, line) ?? throw RecordNotFound(request.Name);
            var candidate = row.Candidate;
            if (candidate.Length == 0)
            {
                throw new ApiException(StatusCode.FailedPrecondition, ErrorReasons.NoCandidate,
                    $"{request.Name} has no candidate to decide on; file a case for it with OpenCasesForRecords if it needs one.");
            }
            var outcome = request.Decision switch
            {
                V1.MatchDecision.Confirm => await CandidateOutcomeAsync(session, candidate),
                V1.MatchDecision.Reject => (int)V1.ReconciliationOutcome.NoMatch,
                _ => (int)V1.ReconciliationOutcome.Ambiguous,
            };
            if (outcome == row.Outcome)
            {
                throw new ApiException(StatusCode.FailedPrecondition, ErrorReasons.DecisionUnchanged,
                    $"{request.Name} is already {ContractNames.Of((V1.ReconciliationOutcome)outcome)}.");
            }
            var previous = row.Outcome;
            var decision = ContractNames.Of(request.Decision);
            (await session.Db.PersonLists.FindAsync(list))!.Recounted(previous, outcome);
            row.Decided(outcome, $"{decision} by {caller.Id} ({caller.Party}): {request.Reason}");
            var number = await session.Db.MatchDecisions.CountAsync(d => d.List == list && d.Line == line)
                + session.Db.MatchDecisions.Local.Count(d => d.List == list && d.Line == line) + 1;
            session.Db.MatchDecisions.Add(new MatchDecisionRecord(list, line, number, (int)request.Decision, candidate, previous, outcome,
                caller.Id, caller.Party, request.Reason, session.Now));
            if (CaseNames.TryParse(candidate) is { } caseId)
            {
                session.RecordEvent(caseId, Case.ListMatchDecided(request.Name, decision,
                    ContractNames.Of((V1.ReconciliationOutcome)previous), ContractNames.Of((V1.ReconciliationOutcome)outcome), request.Reason), caller);
            }
            return ReconciliationGrpcService.ToProto(row);
        }, context.CancellationToken);
    }

    public async Task<V1.OpenCasesForRecordsResponse> OpenCasesForRecordsAsync(V1.OpenCasesForRecordsRequest request, ServerCallContext context)
    {
        var validator = new CaseRequestValidator(clock);
        var list = ListId(request.Parent, validator);
        if (request.Records.Count is 0 or > MaxRecordsPerAction)
        {
            validator.Add("records", $"1 to {MaxRecordsPerAction}");
        }
        foreach (var (selection, i) in request.Records.Select((r, i) => (r, i)))
        {
            if (selection.RequestId.Length is 0 or > 64)
            {
                validator.Add($"records[{i}].request_id", "1 to 64 characters: each case is filed under its own");
            }
        }
        if (request.Template is null)
        {
            validator.Add("template", "required");
        }
        validator.ThrowIfInvalid();
        var caller = AuthenticationInterceptor.CallerOf(context);
        var response = new V1.OpenCasesForRecordsResponse();
        foreach (var selection in request.Records)
        {
            var template = request.Template!;
            response.Results.Add(await ForRecordAsync(selection.Line, async () =>
            {
                // The replay key: this record of this list with this template, under the record's own request_id.
                var replayed = new V1.CreateCaseRequest { Case = template.ToCaseDraft(), RequestId = $"{list}/{selection.Line}" };
                var filed = await writer.RunAsync(caller, context.Method, replayed, selection.RequestId,
                    session => OpenCaseAsync(session, list, selection.Line, template, caller), context.CancellationToken);
                return filed.Name;
            }));
        }
        return response;
    }

    public async Task<V1.ProposeReturnedHomeResponse> ProposeReturnedHomeAsync(V1.ProposeReturnedHomeRequest request, ServerCallContext context)
    {
        var validator = new CaseRequestValidator(clock);
        var list = ListId(request.Parent, validator);
        if (request.Lines.Count is 0 or > MaxRecordsPerAction)
        {
            validator.Add("lines", $"1 to {MaxRecordsPerAction}");
        }
        validator.ThrowIfInvalid();
        var caller = AuthenticationInterceptor.CallerOf(context);
        var response = new V1.ProposeReturnedHomeResponse();
        foreach (var line in request.Lines)
        {
            response.Results.Add(await ForRecordAsync(line, async () =>
            {
                var proposed = await writer.RunAsync(caller, context.Method, new V1.ProposeReturnedHomeRequest { Parent = request.Parent, Lines = { line } }, string.Empty,
                    session => ProposeAsync(session, list, line, caller, context.Method), context.CancellationToken);
                return proposed.Name;
            }));
        }
        return response;
    }

    private async Task<V1.Case> OpenCaseAsync(WriteSession session, string list, long line, V1.CaseTemplate template, Actor caller)
    {
        var row = await session.Db.PersonListRows.FindAsync(list, line) ?? throw RecordNotFound(ReconciliationNames.Record(list, line));
        if (row.Outcome == (int)V1.ReconciliationOutcome.Invalid)
        {
            throw new ApiException(StatusCode.FailedPrecondition, ErrorReasons.RecordInvalid, $"Line {line} is invalid ({row.InvalidReason}); no case can be filed for it.");
        }
        if (row.Outcome is (int)V1.ReconciliationOutcome.MatchedOpenCase or (int)V1.ReconciliationOutcome.MatchedClosedCase)
        {
            throw new ApiException(StatusCode.FailedPrecondition, ErrorReasons.RecordAlreadyMatched, $"Line {line} already matches {row.MatchedCase}.");
        }
        var draft = template.ToCaseDraft();
        draft.Subject = SubjectOf(row);
        var validator = new CaseRequestValidator(clock).Details("case", draft);
        validator.ThrowIfInvalid();
        var created = await filing.FileAsync(session, CaseMapper.ToDetails(draft), caller);
        (await session.Db.PersonLists.FindAsync(list))!.Recounted(row.Outcome, (int)V1.ReconciliationOutcome.MatchedOpenCase);
        row.CaseOpened((int)V1.ReconciliationOutcome.MatchedOpenCase, CaseNames.Format(created.Id), $"case filed for this record by {caller.Id} ({caller.Party})");
        return CaseMapper.ToProto(created, caller);
    }

    private static async Task<V1.Case> ProposeAsync(WriteSession session, string list, long line, Actor caller, string method)
    {
        var name = ReconciliationNames.Record(list, line);
        var row = await session.Db.PersonListRows.FindAsync(list, line) ?? throw RecordNotFound(name);
        if (row.Outcome != (int)V1.ReconciliationOutcome.MatchedOpenCase || row.MatchedRecord.Length == 0)
        {
            throw new ApiException(StatusCode.FailedPrecondition, ErrorReasons.NotReturnedHome,
                $"Line {line} is not a record that matched an open case and the other party's returned-home list.");
        }
        var caseId = CaseNames.TryParse(row.MatchedCase)!;
        var c = await session.FindCaseAsync(caseId) ?? throw ApiException.CaseNotFound(row.MatchedCase);
        Permissions.DemandOnCase(method.Replace("ProposeReturnedHome", "ProposeResolution", StringComparison.Ordinal), caller, c);
        if (c.Stage == Stage.Resolution && c.Resolution?.ProposedOutcome == Outcome.AlreadyReturnedHome)
        {
            return CaseMapper.ToProto(c, caller); // proposed already: proposing again would void its sign-offs
        }
        var draft = c.ProposeResolution(
            $"The subject is on the other party's returned-home list ({row.MatchedRecord}); matched on {row.Explanation}. Record {name}.",
            Outcome.AlreadyReturnedHome, null, string.Empty, caller, session.Now);
        session.RecordEvent(c.Id, draft, caller);
        return CaseMapper.ToProto(c, caller);
    }

    private static async Task<int> CandidateOutcomeAsync(WriteSession session, string candidate)
    {
        if (CaseNames.TryParse(candidate) is { } caseId)
        {
            var c = await session.FindCaseAsync(caseId) ?? throw ApiException.CaseNotFound(candidate);
            return c.IsOpen ? (int)V1.ReconciliationOutcome.MatchedOpenCase : (int)V1.ReconciliationOutcome.MatchedClosedCase;
        }
        return (int)V1.ReconciliationOutcome.ReturnedHome;
    }

    /// <summary>Runs one record's action; a refusal becomes that record's result instead of failing the others.</summary>
    private static async Task<V1.RecordActionResult> ForRecordAsync(long line, Func<Task<string>> action)
    {
        try
        {
            return new V1.RecordActionResult { Line = line, Case = await action() };
        }
        catch (ApiException refusal)
        {
            return new V1.RecordActionResult { Line = line, Code = (int)refusal.Code, Reason = refusal.Reason, Message = refusal.Message };
        }
        catch (RuleException refusal)
        {
            return new V1.RecordActionResult { Line = line, Code = (int)ErrorInterceptor.StatusOf(refusal.Kind), Reason = refusal.Reason, Message = refusal.Message };
        }
    }

    private static V1.Subject SubjectOf(PersonListRow row)
    {
        var name = $"{row.Surname} {row.GivenName}".Trim();
        var subject = new V1.Subject { Citizenship = "TJK", PassportNumber = row.PassportNumber };
        if (row.DateOfBirth is { } born)
        {
            subject.DateOfBirth = new Google.Type.Date { Year = born.Year, Month = born.Month, Day = born.Day };
        }
        if (name.Any(c => "ғӣқӯҳҷҒӢҚӮҲҶ".Contains(c)))
        {
            subject.NameTajik = name;
        }
        else if (name.Any(c => c is >= 'А' and <= 'я' or 'ё' or 'Ё'))
        {
            subject.NameRussian = name;
        }
        else
        {
            subject.NameLatin = name;
        }
        return subject;
    }

    private static string ListId(string parent, CaseRequestValidator validator)
    {
        var id = ReconciliationNames.TryParse(parent);
        if (id is null)
        {
            validator.Add("parent", parent.Length == 0 ? "required" : "must be reconciliations/{reconciliation}");
        }
        return id ?? string.Empty;
    }

    private static ApiException RecordNotFound(string name) =>
        new(StatusCode.NotFound, ErrorReasons.RecordNotFound, $"No record is named '{name}'.", metadata: new Dictionary<string, string> { ["name"] = name });
}

/// <summary>A case template as the draft of a case, without a subject.</summary>
internal static class CaseTemplates
{
    public static V1.Case ToCaseDraft(this V1.CaseTemplate template)
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
}
