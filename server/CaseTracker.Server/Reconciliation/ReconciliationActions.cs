using CaseTracker.Server.Cases;
using CaseTracker.Server.Grpc;
using CaseTracker.Server.Security;
using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Reconciliation;

/// <summary>
/// What reviewers do with a reconciliation: decide on a record's candidate, file cases for records in bulk, and
/// propose "already returned home" for the cases of people who went home. Every change goes through the writer:
/// the record, its list's counts, the audit of the decision and any case event commit together. Each method is
/// given the caller, the called method (the key of its replays) and the call's cancellation.
/// </summary>
public sealed class ReconciliationActions(
    IdempotentWriter writer, IDbContextFactory<CaseTrackerDbContext> contexts, CaseFiling filing, Deadlines.CaseClocks clocks, TimeProvider clock)
{
    public const int MaxRecordsPerAction = 500;

    public async Task<V1.ReconciliationResult> DecideMatchAsync(V1.DecideMatchRequest request, Actor caller, string method, CancellationToken cancellationToken)
    {
        var validator = new RequestValidator(clock).RequestId(request.RequestId);
        var record = ReconciliationNames.TryParseRecord(request.Name);
        if (record is null)
        {
            validator.Add("name", request.Name.Length == 0 ? "required" : "must be reconciliations/{reconciliation}/records/{line}");
        }
        validator.DefinedEnum("decision", request.Decision).RequiredText("reason", request.Reason, RequestValidator.MaxReasonLength).ThrowIfInvalid();
        var decided = new Decision(request.Name, record!.Value.List, record.Value.Line, ReconciliationMapper.ToDomain(request.Decision), request.Reason);
        await DemandOwnListAsync(decided.List, caller, cancellationToken);
        return await writer.RunAsync(caller, method, request, request.RequestId,
            async session => ReconciliationMapper.ToProto(await DecideAsync(session, decided, caller)), cancellationToken);
    }

    public async Task<V1.OpenCasesForRecordsResponse> OpenCasesForRecordsAsync(
        V1.OpenCasesForRecordsRequest request, Actor caller, string method, CancellationToken cancellationToken)
    {
        var validator = new RequestValidator(clock);
        var list = ListId(request.Parent, validator);
        if (request.Records.Count is 0 or > MaxRecordsPerAction)
        {
            validator.Add("records", $"1 to {MaxRecordsPerAction}");
        }
        foreach (var (selection, i) in request.Records.Select((r, i) => (r, i)))
        {
            if (selection.RequestId.Length is 0 or > RequestValidator.MaxRequestIdLength)
            {
                validator.Add($"records[{i}].request_id", $"1 to {RequestValidator.MaxRequestIdLength} characters: each case is filed under its own");
            }
        }
        if (request.Template is null)
        {
            validator.Add("template", "required");
        }
        validator.ThrowIfInvalid();
        await DemandOwnListAsync(list, caller, cancellationToken);
        var template = request.Template!;
        var response = new V1.OpenCasesForRecordsResponse();
        foreach (var selection in request.Records)
        {
            // The replay key: this record of this list with this template, under the record's own request_id.
            var replayed = new V1.CreateCaseRequest { Case = ReconciliationMapper.ToCaseDraft(template), RequestId = $"{list}/{selection.Line}" };
            response.Results.Add(await ForRecordAsync(selection.Line, async () =>
                (await writer.RunAsync(caller, method, replayed, selection.RequestId,
                    session => OpenCaseAsync(session, list, selection.Line, template, caller), cancellationToken)).Name));
        }
        return response;
    }

    public async Task<V1.ProposeReturnedHomeResponse> ProposeReturnedHomeAsync(
        V1.ProposeReturnedHomeRequest request, Actor caller, string method, CancellationToken cancellationToken)
    {
        var validator = new RequestValidator(clock);
        var list = ListId(request.Parent, validator);
        if (request.Lines.Count is 0 or > MaxRecordsPerAction)
        {
            validator.Add("lines", $"1 to {MaxRecordsPerAction}");
        }
        validator.ThrowIfInvalid();
        await DemandOwnListAsync(list, caller, cancellationToken);
        var response = new V1.ProposeReturnedHomeResponse();
        foreach (var line in request.Lines)
        {
            var one = new V1.ProposeReturnedHomeRequest { Parent = request.Parent, Lines = { line } };
            response.Results.Add(await ForRecordAsync(line, async () =>
                (await writer.RunAsync(caller, method, one, string.Empty, session => ProposeAsync(session, list, line, caller), cancellationToken)).Name));
        }
        return response;
    }

    /// <summary>
    /// A reconciliation's records are the importing party's data: only its people, and the co-chairs, act on them.
    /// A list's party never changes, so this is checked once, before the writer.
    /// </summary>
    private async Task DemandOwnListAsync(string list, Actor caller, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var source = await db.PersonLists.AsNoTracking().Where(l => l.Name == list).Select(l => (Party?)l.SourceParty).FirstOrDefaultAsync(cancellationToken)
            ?? throw ReconciliationRefusals.ReconciliationNotFound(ReconciliationNames.Format(list));
        Permissions.DemandOwnPartysList(caller, source);
    }

    /// <summary>A reviewer's decision on one record, as the request gives it once checked.</summary>
    private sealed record Decision(string Record, string List, long Line, ReviewerDecision Choice, string Reason);

    private static async Task<PersonListRow> DecideAsync(WriteSession session, Decision decision, Actor caller)
    {
        var (name, list, line) = (decision.Record, decision.List, decision.Line);
        var row = await session.Db.PersonListRows.FindAsync(list, line) ?? throw ReconciliationRefusals.RecordNotFound(name);
        var candidate = row.Candidate;
        if (candidate.Length == 0)
        {
            throw ReconciliationRefusals.NoCandidate(name);
        }
        var outcome = decision.Choice switch
        {
            ReviewerDecision.Confirm => await CandidateOutcomeAsync(session, candidate),
            ReviewerDecision.Reject => ReconciliationOutcome.NoMatch,
            _ => ReconciliationOutcome.Ambiguous,
        };
        if (outcome == row.Outcome)
        {
            throw ReconciliationRefusals.DecisionUnchanged(name, ReconciliationMapper.NameOf(outcome));
        }
        var previous = row.Outcome;
        var choice = ReconciliationMapper.NameOf(decision.Choice);
        (await session.Db.PersonLists.FindAsync(list))!.Recounted(previous, outcome);
        row.Decided(outcome, $"{choice} by {caller.Id} ({caller.Party}): {decision.Reason}");
        var number = await session.Db.MatchDecisions.CountAsync(d => d.List == list && d.Line == line)
            + session.Db.MatchDecisions.Local.Count(d => d.List == list && d.Line == line) + 1;
        session.Db.MatchDecisions.Add(new MatchDecisionRecord(list, line, number, decision.Choice, candidate, previous, outcome,
            caller.Id, caller.Party, decision.Reason, session.Now));
        if (CaseNames.TryParse(candidate) is { } caseId)
        {
            session.RecordEvent(caseId, Case.ListMatchDecided(name, choice,
                ReconciliationMapper.NameOf(previous), ReconciliationMapper.NameOf(outcome), decision.Reason), caller);
        }
        return row;
    }

    private async Task<V1.Case> OpenCaseAsync(WriteSession session, string list, long line, V1.CaseTemplate template, Actor caller)
    {
        var row = await session.Db.PersonListRows.FindAsync(list, line) ?? throw ReconciliationRefusals.RecordNotFound(ReconciliationNames.Record(list, line));
        if (row.Outcome == ReconciliationOutcome.Invalid)
        {
            throw ReconciliationRefusals.RecordInvalid(line, row.InvalidReason);
        }
        if (row.Outcome is ReconciliationOutcome.MatchedOpenCase or ReconciliationOutcome.MatchedClosedCase)
        {
            throw ReconciliationRefusals.RecordAlreadyMatched(line, row.MatchedCase);
        }
        var draft = ReconciliationMapper.ToCaseDraft(template, row);
        new RequestValidator(clock).Details("case", draft).ThrowIfInvalid();
        var source = (await session.Db.PersonLists.FindAsync(list))!;
        // The case holds the record's passport: it is filed for the list's party, which holds it, whoever asks — the
        // other party's co-chair included, so that it does not become that party's to see whole.
        var created = await filing.FileAsync(session, CaseMapper.ToDetails(draft), caller, source.SourceParty);
        source.Recounted(row.Outcome, ReconciliationOutcome.MatchedOpenCase);
        row.CaseOpened(CaseNames.Format(created.Id), $"case filed for this record by {caller.Id} ({caller.Party})");
        return CaseMapper.ToProto(created, caller);
    }

    private async Task<V1.Case> ProposeAsync(WriteSession session, string list, long line, Actor caller)
    {
        var name = ReconciliationNames.Record(list, line);
        var row = await session.Db.PersonListRows.FindAsync(list, line) ?? throw ReconciliationRefusals.RecordNotFound(name);
        if (row.Outcome != ReconciliationOutcome.MatchedOpenCase || row.MatchedRecord.Length == 0)
        {
            throw ReconciliationRefusals.NotReturnedHome(line);
        }
        var caseId = CaseNames.TryParse(row.MatchedCase)!;
        var c = await session.FindCaseAsync(caseId) ?? throw ApiException.CaseNotFound(row.MatchedCase);
        // Proposing "already returned home" proposes a resolution: only who may propose one on this case may.
        Permissions.DemandProposeResolution(caller, c);
        if (c.Stage == Stage.Resolution && c.Resolution?.ProposedOutcome == Outcome.AlreadyReturnedHome)
        {
            return CaseMapper.ToProto(c, caller); // proposed already: proposing again would void its sign-offs
        }
        var draft = c.ProposeResolution(
            $"The subject is on the other party's returned-home list ({row.MatchedRecord}); matched on {row.Explanation}. Record {name}.",
            Outcome.AlreadyReturnedHome, null, string.Empty, caller, session.Now);
        session.RecordEvent(c.Id, draft, caller);
        // As ProposeResolution does: the investigation's clocks close, and each party's sign-off clock starts.
        await clocks.SyncAsync(session, c);
        return CaseMapper.ToProto(c, caller);
    }

    private static async Task<ReconciliationOutcome> CandidateOutcomeAsync(WriteSession session, string candidate)
    {
        if (CaseNames.TryParse(candidate) is { } caseId)
        {
            var c = await session.FindCaseAsync(caseId) ?? throw ApiException.CaseNotFound(candidate);
            return c.IsOpen ? ReconciliationOutcome.MatchedOpenCase : ReconciliationOutcome.MatchedClosedCase;
        }
        return ReconciliationOutcome.ReturnedHome;
    }

    /// <summary>Runs one record's action; a refusal becomes that record's result, with the status it would have had alone.</summary>
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

    private static string ListId(string parent, RequestValidator validator)
    {
        var id = ReconciliationNames.TryParse(parent);
        if (id is null)
        {
            validator.Add("parent", parent.Length == 0 ? "required" : "must be reconciliations/{reconciliation}");
        }
        return id ?? string.Empty;
    }
}
