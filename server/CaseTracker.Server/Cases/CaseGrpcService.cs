using System.Globalization;
using CaseTracker.Server.Audit;
using CaseTracker.Server.Deadlines;
using CaseTracker.Server.Disclosures;
using CaseTracker.Server.Grpc;
using CaseTracker.Server.Storage;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Cases;

/// <summary>
/// The <c>casetracker.v1.CaseService</c> endpoint. Each method validates its request, takes the caller
/// authenticated by <see cref="AuthenticationInterceptor"/>, lets the <see cref="Case"/> aggregate decide,
/// and maps the result back. Changes go through <see cref="IdempotentWriter"/>: state, event and request id
/// commit together. Every case returned passes <see cref="SubjectDisclosures"/> on its way out.
/// </summary>
public sealed partial class CaseGrpcService(
    IdempotentWriter writer,
    IDbContextFactory<CaseTrackerDbContext> contexts,
    Pager pager,
    CaseFiling filing,
    CaseLinking linking,
    PossibleDuplicates duplicates,
    CaseClocks clocks,
    CaseEventQueries events,
    CaseEventFeed feed,
    LogCheckpoints checkpoints,
    CaseDeadlines deadlines,
    SubjectDisclosures disclosures,
    CaseReadCache readCache,
    DisclosureQueries disclosureLog,
    TimeProvider clock) : V1.CaseService.CaseServiceBase
{
    // GetCase is the hottest read; a compiled query skips EF's per-call expression-tree work.
    private static readonly Func<CaseTrackerDbContext, string, CancellationToken, Task<Case?>> CaseById =
        EF.CompileAsyncQuery((CaseTrackerDbContext db, string id, CancellationToken _) =>
            db.Cases.AsNoTracking().FirstOrDefault(c => c.Id == id));

    public override Task<V1.Case> CreateCase(V1.CreateCaseRequest request, ServerCallContext context)
    {
        var validator = Validator().RequestId(request.RequestId);
        if (request.Case is null)
        {
            validator.Add("case", "required");
        }
        else
        {
            validator.Details("case", request.Case);
        }
        validator.ThrowIfInvalid();
        var details = CaseMapper.ToDetails(request.Case!);
        var caller = AuthenticationInterceptor.CallerOf(context);
        return ShownAsync(writer.RunAsync(caller, context.Method, request, request.RequestId, async session =>
            CaseMapper.ToProto(await filing.FileAsync(session, details, caller), caller),
            (session, stored) => CaseReplays.CaseAsync(session, stored, caller, context.Method), context.CancellationToken), caller, context);
    }

    public override async Task<V1.Case> GetCase(V1.GetCaseRequest request, ServerCallContext context)
    {
        Validator().CaseName("name", request.Name).ThrowIfInvalid();
        var id = CaseNames.TryParse(request.Name)!;
        var found = readCache.Find(id) ?? await ReadCaseAsync(id, context.CancellationToken) ?? throw ApiException.CaseNotFound(request.Name);
        var viewer = AuthenticationInterceptor.CallerOf(context);
        return await disclosures.ShowAsync(CaseMapper.ToProto(found, viewer), viewer, context.Method, context.CancellationToken);
    }

    /// <summary>Reads the case and offers it to the read cache.</summary>
    private async Task<Case?> ReadCaseAsync(string id, CancellationToken cancellationToken)
    {
        var generation = readCache.Generation;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await CaseById(db, id, cancellationToken);
        if (found is not null)
        {
            readCache.Offer(found, generation);
        }
        return found;
    }

    public override async Task<V1.ListCasesResponse> ListCases(V1.ListCasesRequest request, ServerCallContext context)
    {
        var viewer = AuthenticationInterceptor.CallerOf(context);
        await using var db = await contexts.CreateDbContextAsync(context.CancellationToken);
        var clauses = CaseFilter.Parse(request.Filter, db.CaseSearchKeys.AsNoTracking(), db.CaseLeads.AsNoTracking(), viewer);
        var order = CaseOrder.Parse(request.OrderBy);
        var page = pager.Open(request.PageSize, request.PageToken, $"cases\n{request.Filter}\n{order}");

        IQueryable<Case> query = db.Cases.AsNoTracking();
        foreach (var clause in clauses)
        {
            query = query.Where(clause);
        }
        if (page.Position is { } position)
        {
            query = order.After(query, position);
        }
        var fetched = await order.Apply(query).Take(page.Fetch).ToListAsync(context.CancellationToken);
        var response = new V1.ListCasesResponse
        {
            Cases = { page.Items(fetched).Select(c => CaseMapper.ToProto(c, viewer)) },
            NextPageToken = page.NextToken(fetched, order.PositionOf),
        };
        await disclosures.ShowAsync(response.Cases, viewer, context.Method, context.CancellationToken);
        return response;
    }

    public override Task<V1.Case> UpdateCase(V1.UpdateCaseRequest request, ServerCallContext context)
    {
        var validator = Validator().RequestId(request.RequestId);
        if (request.Case is null)
        {
            validator.Add("case", "required");
        }
        else
        {
            validator.CaseName("case.name", request.Case.Name);
        }
        var paths = request.UpdateMask?.Paths.ToList() ?? [];
        CaseUpdateMask.Validate(validator, paths);
        validator.ThrowIfInvalid();

        var caller = AuthenticationInterceptor.CallerOf(context);
        return ShownAsync(writer.RunAsync(caller, context.Method, request, request.RequestId, async session =>
        {
            var found = await CaseAccess.FindToChangeAsync(session, request.Case!.Name, caller, context.Method);
            if (!DisclosureRule.MayDisclose(found, caller) && paths.Any(CaseUpdateMask.TouchesPersonalData))
            {
                throw ApiException.PersonalDataWithheld();
            }
            CaseAccess.RequireEtag(found, request.Case.Etag);
            // Closed before anything else: a closed case's details need not pass today's rules (erased names are empty).
            found.RequireOpen();
            var merged = CaseMapper.DetailsToProto(found.Details);
            request.UpdateMask!.Merge(request.Case, merged, CaseUpdateMask.MergeOptions);
            Validator().Details("case", merged).ThrowIfInvalid();
            var draft = found.Update(CaseMapper.ToDetails(merged), paths, session.Now);
            session.RecordEvent(found.Id, draft, caller);
            await CaseSearchKeys.SyncAsync(session, found);
            await clocks.SyncAsync(session, found);
            return CaseMapper.ToProto(found, caller);
        }, (session, stored) => CaseReplays.CaseAsync(session, stored, caller, context.Method), context.CancellationToken), caller, context);
    }

    public override Task<V1.Case> StartInvestigation(V1.StartInvestigationRequest request, ServerCallContext context) =>
        ChangeCaseAsync(request, request.Name, request.Etag, request.RequestId, context,
            _ => { },
            (c, _, now) => c.StartInvestigation(now));

    public override Task<V1.Case> RequestResponse(V1.RequestResponseRequest request, ServerCallContext context) =>
        ChangeCaseAsync(request, request.Name, request.Etag, request.RequestId, context,
            v => v.DefinedEnum("party", request.Party).RequiredText("awaited", request.Awaited, RequestValidator.MaxReasonLength),
            (c, _, now) => c.RequestResponse((Party)request.Party, request.Awaited.Trim(), now));

    public override Task<V1.Case> RecordResponse(V1.RecordResponseRequest request, ServerCallContext context) =>
        ChangeCaseAsync(request, request.Name, request.Etag, request.RequestId, context,
            v => v.RequiredText("summary", request.Summary, RequestValidator.MaxDetailsLength),
            (c, _, now) => c.RecordResponse(request.Summary.Trim(), now));

    public override Task<V1.Case> ProposeResolution(V1.ProposeResolutionRequest request, ServerCallContext context) =>
        ChangeCaseAsync(request, request.Name, request.Etag, request.RequestId, context,
            v => ResolutionProposal.Validate(v, request),
            (c, caller, now) => c.ProposeResolution(
                request.Findings.Trim(),
                (Outcome)request.Outcome,
                request.Remedy == V1.Remedy.Unspecified ? null : (Remedy)request.Remedy,
                request.RemedyDetails.Trim(),
                caller,
                now));

    public override Task<V1.Case> ReturnToInvestigation(V1.ReturnToInvestigationRequest request, ServerCallContext context) =>
        ChangeCaseAsync(request, request.Name, request.Etag, request.RequestId, context,
            v => v.RequiredText("reason", request.Reason, RequestValidator.MaxReasonLength),
            (c, _, now) => c.ReturnToInvestigation(request.Reason.Trim(), now));

    public override Task<V1.Case> SignOffResolution(V1.SignOffResolutionRequest request, ServerCallContext context) =>
        ChangeCaseAsync(request, request.Name, request.Etag, request.RequestId, context,
            _ => { },
            (c, caller, now) => c.SignOffResolution(caller, now));

    public override Task<V1.Case> ReopenCase(V1.ReopenCaseRequest request, ServerCallContext context) =>
        ChangeCaseAsync(request, request.Name, request.Etag, request.RequestId, context,
            v => v.RequiredText("reason", request.Reason, RequestValidator.MaxReasonLength),
            (c, _, now) => c.Reopen(request.Reason.Trim(), now));

    public override Task<V1.Case> DeclareInadmissible(V1.DeclareInadmissibleRequest request, ServerCallContext context) =>
        ChangeCaseAsync(request, request.Name, request.Etag, request.RequestId, context,
            v => v.RequiredText("reason", request.Reason, RequestValidator.MaxReasonLength),
            (c, _, now) => c.DeclareInadmissible(request.Reason.Trim(), now));

    public override Task<V1.Case> WithdrawCase(V1.WithdrawCaseRequest request, ServerCallContext context) =>
        ChangeCaseAsync(request, request.Name, request.Etag, request.RequestId, context,
            v => v.RequiredText("reason", request.Reason, RequestValidator.MaxReasonLength),
            (c, _, now) => c.Withdraw(request.Reason.Trim(), now));

    public override Task<V1.Case> AssignInvestigator(V1.AssignInvestigatorRequest request, ServerCallContext context) =>
        ChangeCaseAsync(request, request.Name, request.Etag, request.RequestId, context,
            v => v.RequiredText("investigator_id", request.InvestigatorId, RequestValidator.MaxShortText),
            (c, caller, now) => c.AssignInvestigator(request.InvestigatorId.Trim(), caller, now),
            CaseLeads.SyncAsync);

    public override Task<V1.Case> RecordConsent(V1.RecordConsentRequest request, ServerCallContext context) =>
        ChangeCaseAsync(request, request.Name, request.Etag, request.RequestId, context,
            _ => { },
            (c, caller, now) => c.RecordConsent(request.ShareWithOtherParty, request.IncludeInStatistics, caller, now));

    public override Task<V1.Case> WithdrawConsent(V1.WithdrawConsentRequest request, ServerCallContext context) =>
        ChangeCaseAsync(request, request.Name, request.Etag, request.RequestId, context,
            v => v.RequiredText("reason", request.Reason, RequestValidator.MaxReasonLength),
            (c, caller, now) => c.WithdrawConsent(request.Reason.Trim(), caller, now));

    public override Task<V1.Note> CreateNote(V1.CreateNoteRequest request, ServerCallContext context)
    {
        var validator = Validator().CaseName("parent", request.Parent).RequestId(request.RequestId);
        if (request.Note is null)
        {
            validator.Add("note", "required");
        }
        else
        {
            validator.RequiredText("note.text", request.Note.Text, RequestValidator.MaxDetailsLength);
        }
        validator.ThrowIfInvalid();
        var caller = AuthenticationInterceptor.CallerOf(context);
        return writer.RunAsync(caller, context.Method, request, request.RequestId, async session =>
        {
            var found = await CaseAccess.FindToChangeAsync(session, request.Parent, caller, context.Method);
            var note = new Note(found.Id, await session.NextNoteNumberAsync(found.Id), request.Note!.Text.Trim(), caller, session.Now);
            session.Db.Notes.Add(note);
            session.RecordEvent(found.Id, Case.NoteAdded(CaseNames.FormatNote(found.Id, note.Number)), caller);
            return CaseMapper.ToProto(note);
        }, (session, stored) => CaseReplays.NoteAsync(session, stored, request.Parent, caller, context.Method), context.CancellationToken);
    }

    public override async Task<V1.ListNotesResponse> ListNotes(V1.ListNotesRequest request, ServerCallContext context)
    {
        Validator().CaseName("parent", request.Parent).ThrowIfInvalid();
        var page = pager.Open(request.PageSize, request.PageToken, $"notes\n{CaseNames.TryParse(request.Parent)}");
        var after = page.Position is { } position ? int.Parse(position, CultureInfo.InvariantCulture) : 0;

        await using var db = await contexts.CreateDbContextAsync(context.CancellationToken);
        var found = await CaseAccess.FindAsync(db.Cases.AsNoTracking(), request.Parent, context.CancellationToken);
        var fetched = await db.Notes.AsNoTracking()
            .Where(n => n.CaseId == found.Id && n.Number > after)
            .OrderBy(n => n.Number)
            .Take(page.Fetch)
            .ToListAsync(context.CancellationToken);
        return new V1.ListNotesResponse
        {
            Notes = { page.Items(fetched).Select(CaseMapper.ToProto) },
            NextPageToken = page.NextToken(fetched, n => n.Number.ToString(CultureInfo.InvariantCulture)),
        };
    }

    public override Task<V1.ListCaseEventsResponse> ListCaseEvents(V1.ListCaseEventsRequest request, ServerCallContext context) =>
        events.ListAsync(request, context.CancellationToken);

    public override async Task WatchCaseEvents(
        V1.WatchCaseEventsRequest request, IServerStreamWriter<V1.WatchCaseEventsResponse> responseStream, ServerCallContext context)
    {
        await events.ValidateWatchAsync(request, context.CancellationToken);
        await feed.StreamAsync(request, responseStream, context.CancellationToken);
    }

    public override Task<V1.LogCheckpoint> GetLogCheckpoint(V1.GetLogCheckpointRequest request, ServerCallContext context) =>
        checkpoints.GetAsync(request, context.CancellationToken);

    public override Task<V1.LogCheckpoint> SignCheckpoint(V1.SignCheckpointRequest request, ServerCallContext context) =>
        checkpoints.SignAsync(request, AuthenticationInterceptor.CallerOf(context), context.Method, context.CancellationToken);

    public override Task<V1.ListDeadlinesResponse> ListDeadlines(V1.ListDeadlinesRequest request, ServerCallContext context) =>
        deadlines.ListAsync(request, context.CancellationToken);

    public override Task<V1.CountDeadlinesResponse> CountDeadlines(V1.CountDeadlinesRequest request, ServerCallContext context) =>
        deadlines.CountAsync(request, context.CancellationToken);

    public override Task<V1.RecomputeDeadlinesResponse> RecomputeDeadlines(V1.RecomputeDeadlinesRequest request, ServerCallContext context) =>
        deadlines.RecomputeAsync(request, AuthenticationInterceptor.CallerOf(context), context.Method, context.CancellationToken);

    public override Task<V1.ListDisclosuresResponse> ListDisclosures(V1.ListDisclosuresRequest request, ServerCallContext context) =>
        disclosureLog.ListAsync(request, context.CancellationToken);

    /// <summary>
    /// The common shape of every change to an existing case; <paramref name="keepInStep"/> updates, in the same
    /// transaction, what else stores a copy of what the change moved (AssignInvestigator: the <see cref="CaseLead"/> rows).
    /// </summary>
    private Task<V1.Case> ChangeCaseAsync(
        IMessage request, string name, string etag, string requestId, ServerCallContext context,
        Action<RequestValidator> validate, Func<Case, Actor, DateTime, CaseEventDraft> change,
        Func<WriteSession, Case, Task>? keepInStep = null)
    {
        var validator = Validator().CaseName("name", name).RequestId(requestId);
        validate(validator);
        validator.ThrowIfInvalid();
        var caller = AuthenticationInterceptor.CallerOf(context);
        return ShownAsync(writer.RunAsync(caller, context.Method, request, requestId, async session =>
        {
            var found = await CaseAccess.FindToChangeAsync(session, name, caller, context.Method);
            CaseAccess.RequireEtag(found, etag);
            var draft = change(found, caller, session.Now);
            session.RecordEvent(found.Id, draft, caller);
            if (keepInStep is not null)
            {
                await keepInStep(session, found);
            }
            await clocks.SyncAsync(session, found);
            return CaseMapper.ToProto(found, caller);
        }, (session, stored) => CaseReplays.CaseAsync(session, stored, caller, context.Method), context.CancellationToken, CaseNames.TryParse(name)), caller, context);
    }

    /// <summary>A changed case on its way out: the disclosure rule applied again, and what it shows recorded.</summary>
    private async Task<V1.Case> ShownAsync(Task<V1.Case> changed, Actor caller, ServerCallContext context) =>
        await disclosures.ShowAsync(await changed, caller, context.Method, context.CancellationToken);

    private RequestValidator Validator() => new(clock);
}
