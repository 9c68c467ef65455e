using CaseTracker.Server.Audit;
using CaseTracker.Server.Deadlines;
using CaseTracker.Server.Grpc;
using CaseTracker.Server.Security;
using CaseTracker.Server.Storage;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Cases;

/// <summary>
/// The <c>casetracker.v1.CaseService</c> endpoint. Each method validates its request, takes the caller
/// authenticated by <see cref="AuthenticationInterceptor"/>, lets the <see cref="Case"/> aggregate decide,
/// and maps the result back. Changes go through <see cref="IdempotentWriter"/>: state, event and request id
/// commit together.
/// </summary>
public sealed class CaseGrpcService(
    IdempotentWriter writer,
    IDbContextFactory<CaseTrackerDbContext> contexts,
    PageTokens pageTokens,
    CaseClocks clocks,
    CaseEventFeed feed,
    Security.TokenKeys partyKeys,
    IOptions<LimitsOptions> limits,
    TimeProvider clock) : V1.CaseService.CaseServiceBase
{
    public const int DefaultPageSize = 50;

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
        return writer.RunAsync(caller, context.Method, request, request.RequestId, async session =>
            CaseMapper.ToProto(await FileAsync(session, details, caller, clocks), caller), context.CancellationToken);
    }

    /// <summary>Files a case in the writer's transaction: the next reference of the year, its event and its clocks.</summary>
    public static async Task<Case> FileAsync(Storage.WriteSession session, CaseDetails details, Actor caller, CaseClocks clocks)
    {
        var year = session.Now.Year;
        var number = await session.NextReferenceNumberAsync(year);
        var (created, draft) = Case.File(year, number, details, caller, session.Now);
        session.Db.Cases.Add(created);
        session.RecordEvent(created.Id, draft, caller);
        await clocks.SyncAsync(session, created);
        return created;
    }

    public override async Task<V1.Case> GetCase(V1.GetCaseRequest request, ServerCallContext context)
    {
        Validator().CaseName("name", request.Name).ThrowIfInvalid();
        await using var db = await contexts.CreateDbContextAsync(context.CancellationToken);
        var found = await CaseById(db, CaseNames.TryParse(request.Name)!, context.CancellationToken)
            ?? throw ApiException.CaseNotFound(request.Name);
        return CaseMapper.ToProto(found, AuthenticationInterceptor.CallerOf(context));
    }

    public override async Task<V1.ListCasesResponse> ListCases(V1.ListCasesRequest request, ServerCallContext context)
    {
        Validator().PageSize("page_size", request.PageSize).ThrowIfInvalid();
        var clauses = CaseFilter.Parse(request.Filter);
        var order = CaseOrder.Parse(request.OrderBy);
        var position = pageTokens.Read(request.PageToken, $"cases\n{request.Filter}\n{order}");

        await using var db = await contexts.CreateDbContextAsync(context.CancellationToken);
        IQueryable<Case> query = db.Cases.AsNoTracking();
        foreach (var clause in clauses)
        {
            query = query.Where(clause);
        }
        if (position is not null)
        {
            query = order.After(query, position);
        }
        var size = PageSize(request.PageSize);
        var page = await order.Apply(query).Take(size + 1).ToListAsync(context.CancellationToken);

        var viewer = AuthenticationInterceptor.CallerOf(context);
        var response = new V1.ListCasesResponse { Cases = { page.Take(size).Select(c => CaseMapper.ToProto(c, viewer)) } };
        if (page.Count > size)
        {
            response.NextPageToken = pageTokens.Issue($"cases\n{request.Filter}\n{order}", order.PositionOf(page[size - 1]));
        }
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
        return writer.RunAsync(caller, context.Method, request, request.RequestId, async session =>
        {
            var found = await FindCaseToChangeAsync(session, request.Case!.Name, caller, context.Method);
            if (!found.MayDisclosePersonalDataTo(caller) && paths.Any(CaseUpdateMask.TouchesPersonalData))
            {
                throw new ApiException(StatusCode.PermissionDenied, ErrorReasons.PersonalDataWithheld,
                    "The subject's passport number and contact details are withheld from your party; they cannot be changed by it.");
            }
            RequireEtag(found, request.Case.Etag);
            var merged = CaseMapper.DetailsToProto(found.Details);
            request.UpdateMask!.Merge(request.Case, merged, CaseUpdateMask.MergeOptions);
            Validator().Details("case", merged).ThrowIfInvalid();
            var draft = found.Update(CaseMapper.ToDetails(merged), paths, session.Now);
            session.RecordEvent(found.Id, draft, caller);
            await clocks.SyncAsync(session, found);
            return CaseMapper.ToProto(found, caller);
        }, context.CancellationToken);
    }

    public override Task<V1.Case> StartInvestigation(V1.StartInvestigationRequest request, ServerCallContext context) =>
        ChangeCaseAsync(request, request.Name, request.Etag, request.RequestId, context,
            _ => { },
            (c, _, now) => c.StartInvestigation(now));

    public override Task<V1.Case> RequestResponse(V1.RequestResponseRequest request, ServerCallContext context) =>
        ChangeCaseAsync(request, request.Name, request.Etag, request.RequestId, context,
            v => v.DefinedEnum("party", request.Party).RequiredText("awaited", request.Awaited, CaseRequestValidator.MaxReasonLength),
            (c, _, now) => c.RequestResponse((Party)request.Party, request.Awaited.Trim(), now));

    public override Task<V1.Case> RecordResponse(V1.RecordResponseRequest request, ServerCallContext context) =>
        ChangeCaseAsync(request, request.Name, request.Etag, request.RequestId, context,
            v => v.RequiredText("summary", request.Summary, CaseRequestValidator.MaxDetailsLength),
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
            v => v.RequiredText("reason", request.Reason, CaseRequestValidator.MaxReasonLength),
            (c, _, now) => c.ReturnToInvestigation(request.Reason.Trim(), now));

    public override Task<V1.Case> SignOffResolution(V1.SignOffResolutionRequest request, ServerCallContext context) =>
        ChangeCaseAsync(request, request.Name, request.Etag, request.RequestId, context,
            _ => { },
            (c, caller, now) => c.SignOffResolution(caller, now));

    public override Task<V1.Case> ReopenCase(V1.ReopenCaseRequest request, ServerCallContext context) =>
        ChangeCaseAsync(request, request.Name, request.Etag, request.RequestId, context,
            v => v.RequiredText("reason", request.Reason, CaseRequestValidator.MaxReasonLength),
            (c, _, now) => c.Reopen(request.Reason.Trim(), now));

    public override Task<V1.Case> DeclareInadmissible(V1.DeclareInadmissibleRequest request, ServerCallContext context) =>
        ChangeCaseAsync(request, request.Name, request.Etag, request.RequestId, context,
            v => v.RequiredText("reason", request.Reason, CaseRequestValidator.MaxReasonLength),
            (c, _, now) => c.DeclareInadmissible(request.Reason.Trim(), now));

    public override Task<V1.Case> WithdrawCase(V1.WithdrawCaseRequest request, ServerCallContext context) =>
        ChangeCaseAsync(request, request.Name, request.Etag, request.RequestId, context,
            v => v.RequiredText("reason", request.Reason, CaseRequestValidator.MaxReasonLength),
            (c, _, now) => c.Withdraw(request.Reason.Trim(), now));

    public override Task<V1.Case> AssignInvestigator(V1.AssignInvestigatorRequest request, ServerCallContext context) =>
        ChangeCaseAsync(request, request.Name, request.Etag, request.RequestId, context,
            v => v.RequiredText("investigator_id", request.InvestigatorId, CaseRequestValidator.MaxShortText),
            (c, caller, now) => c.AssignInvestigator(request.InvestigatorId.Trim(), caller, now));

    public override Task<V1.Case> RecordConsent(V1.RecordConsentRequest request, ServerCallContext context) =>
        ChangeCaseAsync(request, request.Name, request.Etag, request.RequestId, context,
            _ => { },
            (c, caller, now) => c.RecordConsent(request.ShareWithOtherParty, request.IncludeInStatistics, caller, now));

    public override Task<V1.Case> WithdrawConsent(V1.WithdrawConsentRequest request, ServerCallContext context) =>
        ChangeCaseAsync(request, request.Name, request.Etag, request.RequestId, context,
            v => v.RequiredText("reason", request.Reason, CaseRequestValidator.MaxReasonLength),
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
            validator.RequiredText("note.text", request.Note.Text, CaseRequestValidator.MaxDetailsLength);
        }
        validator.ThrowIfInvalid();
        var caller = AuthenticationInterceptor.CallerOf(context);
        return writer.RunAsync(caller, context.Method, request, request.RequestId, async session =>
        {
            var found = await FindCaseToChangeAsync(session, request.Parent, caller, context.Method);
            var note = new Note(found.Id, await session.NextNoteNumberAsync(found.Id), request.Note!.Text.Trim(), caller, session.Now);
            session.Db.Notes.Add(note);
            session.RecordEvent(found.Id, Case.NoteAdded(CaseNames.FormatNote(found.Id, note.Number)), caller);
            return CaseMapper.ToProto(note);
        }, context.CancellationToken);
    }

    public override async Task<V1.ListNotesResponse> ListNotes(V1.ListNotesRequest request, ServerCallContext context)
    {
        Validator().CaseName("parent", request.Parent).PageSize("page_size", request.PageSize).ThrowIfInvalid();
        var query = $"notes\n{CaseNames.TryParse(request.Parent)}";
        var after = int.Parse(pageTokens.Read(request.PageToken, query) ?? "0", System.Globalization.CultureInfo.InvariantCulture);

        await using var db = await contexts.CreateDbContextAsync(context.CancellationToken);
        var found = await FindCaseAsync(db.Cases.AsNoTracking(), request.Parent, context.CancellationToken);
        var size = PageSize(request.PageSize);
        var page = await db.Notes.AsNoTracking()
            .Where(n => n.CaseId == found.Id && n.Number > after)
            .OrderBy(n => n.Number)
            .Take(size + 1)
            .ToListAsync(context.CancellationToken);
        var response = new V1.ListNotesResponse { Notes = { page.Take(size).Select(CaseMapper.ToProto) } };
        if (page.Count > size)
        {
            response.NextPageToken = pageTokens.Issue(query, page[size - 1].Number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return response;
    }

    public override async Task<V1.ListCaseEventsResponse> ListCaseEvents(V1.ListCaseEventsRequest request, ServerCallContext context)
    {
        var validator = Validator().PageSize("page_size", request.PageSize);
        if (request.Case.Length > 0)
        {
            validator.CaseName("case", request.Case);
        }
        if (request.AfterSequence < 0)
        {
            validator.Add("after_sequence", "must not be negative");
        }
        if (request.UpToSequence < 0)
        {
            validator.Add("up_to_sequence", "must not be negative");
        }
        validator.ThrowIfInvalid();
        var caseId = CaseNames.TryParse(request.Case);
        var query = $"events\n{caseId}\n{request.AfterSequence}\n{request.UpToSequence}";
        var after = long.Parse(pageTokens.Read(request.PageToken, query) ?? request.AfterSequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
            System.Globalization.CultureInfo.InvariantCulture);

        await using var db = await contexts.CreateDbContextAsync(context.CancellationToken);
        var events = db.CaseEvents.AsNoTracking().Where(e => e.Sequence > after);
        if (request.UpToSequence > 0)
        {
            events = events.Where(e => e.Sequence <= request.UpToSequence);
        }
        if (caseId is not null)
        {
            await FindCaseAsync(db.Cases.AsNoTracking(), request.Case, context.CancellationToken);
            events = events.Where(e => e.CaseId == caseId);
        }
        var size = PageSize(request.PageSize);
        var page = await events.OrderBy(e => e.Sequence).Take(size + 1).ToListAsync(context.CancellationToken);
        var response = new V1.ListCaseEventsResponse { CaseEvents = { page.Take(size).Select(CaseMapper.ToProto) } };
        if (page.Count > size)
        {
            response.NextPageToken = pageTokens.Issue(query, page[size - 1].Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return response;
    }

    public override async Task WatchCaseEvents(
        V1.WatchCaseEventsRequest request, IServerStreamWriter<V1.WatchCaseEventsResponse> responseStream, ServerCallContext context)
    {
        var validator = Validator();
        if (request.Case.Length > 0)
        {
            validator.CaseName("case", request.Case);
        }
        if (request.AfterSequence < 0)
        {
            validator.Add("after_sequence", "must not be negative");
        }
        for (var i = 0; i < request.EventTypes.Count; i++)
        {
            validator.DefinedEnum($"event_types[{i}]", request.EventTypes[i]);
        }
        if (request.HeartbeatInterval is { } heartbeat && (heartbeat.ToTimeSpan() < TimeSpan.FromSeconds(1) || heartbeat.ToTimeSpan() > TimeSpan.FromMinutes(5)))
        {
            validator.Add("heartbeat_interval", "must be between 1 s and 300 s");
        }
        validator.ThrowIfInvalid();
        if (request.Case.Length > 0)
        {
            await using var db = await contexts.CreateDbContextAsync(context.CancellationToken);
            await FindCaseAsync(db.Cases.AsNoTracking(), request.Case, context.CancellationToken);
        }
        await feed.StreamAsync(request, responseStream, context.CancellationToken);
    }

    public override async Task<V1.LogCheckpoint> GetLogCheckpoint(V1.GetLogCheckpointRequest request, ServerCallContext context)
    {
        if (request.Sequence < 0)
        {
            Validator().Add("sequence", "must not be negative").ThrowIfInvalid();
        }
        await using var db = await contexts.CreateDbContextAsync(context.CancellationToken);
        var events = db.CaseEvents.AsNoTracking();
        var head = request.Sequence == 0
            ? await events.OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(context.CancellationToken)
            : await events.Where(e => e.Sequence == request.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(context.CancellationToken);
        if (head is null)
        {
            return request.Sequence == 0
                ? new V1.LogCheckpoint { Sequence = 0, Hash = CaseTracker.Client.Audit.CaseEventHashing.Genesis }
                : throw new ApiException(StatusCode.NotFound, ErrorReasons.CheckpointMismatch, $"The log has no event {request.Sequence}.");
        }
        var signatures = await db.CheckpointSignatures.AsNoTracking().Where(s => s.Sequence == head.Sequence).OrderBy(s => s.Party).ToListAsync(context.CancellationToken);
        return CheckpointMapper.ToProto(head.Sequence, head.Hash, signatures);
    }

    public override Task<V1.LogCheckpoint> SignCheckpoint(V1.SignCheckpointRequest request, ServerCallContext context)
    {
        var validator = Validator().RequestId(request.RequestId);
        if (request.Sequence <= 0)
        {
            validator.Add("sequence", "must be a sequence number of the log");
        }
        if (request.Hash.Length != 64 || !request.Hash.All(Uri.IsHexDigit))
        {
            validator.Add("hash", "must be 64 hexadecimal characters");
        }
        if (request.Signature.Length is 0 or > 512)
        {
            validator.Add("signature", "must be an ECDSA P-256 signature in IEEE P1363 form");
        }
        validator.ThrowIfInvalid();
        var caller = AuthenticationInterceptor.CallerOf(context);
        var key = partyKeys.PublicKeyOf(caller.Party)
            ?? throw new ApiException(StatusCode.FailedPrecondition, ErrorReasons.BadSignature, $"No public key is configured for {caller.Party}.");
        if (!Client.Audit.CaseEventHashing.VerifyCheckpoint(key, request.Sequence, request.Hash.ToLowerInvariant(), request.Signature.ToByteArray()))
        {
            throw new ApiException(StatusCode.InvalidArgument, ErrorReasons.BadSignature,
                $"The signature does not verify with {caller.Party}'s public key over this checkpoint.",
                [new FieldViolation("signature", "does not verify")]);
        }
        return writer.RunAsync(caller, context.Method, request, request.RequestId, async session =>
        {
            var at = await session.Db.CaseEvents.FindAsync(request.Sequence);
            if (at is null || at.Hash != request.Hash.ToLowerInvariant())
            {
                throw new ApiException(StatusCode.FailedPrecondition, ErrorReasons.CheckpointMismatch,
                    $"The log's event {request.Sequence} does not have that hash; verify the log again.");
            }
            var existing = await session.Db.CheckpointSignatures.FindAsync(request.Sequence, caller.Party);
            if (existing is null)
            {
                session.Db.CheckpointSignatures.Add(new Audit.CheckpointSignatureRecord(request.Sequence, caller.Party, request.Signature.ToByteArray(), caller.Id, session.Now));
            }
            else
            {
                existing.Replace(request.Signature.ToByteArray(), caller.Id, session.Now);
            }
            await session.Db.CheckpointSignatures.Where(s => s.Sequence == request.Sequence).LoadAsync();
            var all = session.Db.CheckpointSignatures.Local.Where(s => s.Sequence == request.Sequence).OrderBy(s => s.Party);
            return CheckpointMapper.ToProto(request.Sequence, at.Hash, all);
        }, context.CancellationToken);
    }

    public override async Task<V1.ListDeadlinesResponse> ListDeadlines(V1.ListDeadlinesRequest request, ServerCallContext context)
    {
        var validator = Validator().PageSize("page_size", request.PageSize);
        var allCases = request.Parent == "cases/-";
        if (!allCases)
        {
            validator.CaseName("parent", request.Parent);
        }
        validator.ThrowIfInvalid();
        var clauses = DeadlineFilter.Parse(request.Filter);
        var query = $"deadlines\n{(allCases ? "-" : CaseNames.TryParse(request.Parent))}\n{request.Filter}";
        var position = pageTokens.Read(request.PageToken, query);

        await using var db = await contexts.CreateDbContextAsync(context.CancellationToken);
        IQueryable<Deadline> deadlines = db.Deadlines.AsNoTracking();
        if (!allCases)
        {
            var found = await FindCaseAsync(db.Cases.AsNoTracking(), request.Parent, context.CancellationToken);
            deadlines = deadlines.Where(d => d.CaseId == found.Id);
        }
        foreach (var clause in clauses)
        {
            deadlines = deadlines.Where(clause);
        }
        if (position is not null)
        {
            var (due, caseId, number) = DeadlineFilter.ReadPosition(position);
            deadlines = deadlines.Where(d => d.DueTime > due
                || (d.DueTime == due && (string.Compare(d.CaseId, caseId) > 0 || (d.CaseId == caseId && d.Number > number))));
        }
        var size = PageSize(request.PageSize);
        var page = await deadlines.OrderBy(d => d.DueTime).ThenBy(d => d.CaseId).ThenBy(d => d.Number)
            .Take(size + 1).ToListAsync(context.CancellationToken);
        var response = new V1.ListDeadlinesResponse { Deadlines = { page.Take(size).Select(CaseMapper.ToProto) } };
        if (page.Count > size)
        {
            response.NextPageToken = pageTokens.Issue(query, DeadlineFilter.PositionOf(page[size - 1]));
        }
        return response;
    }

    public override Task<V1.RecomputeDeadlinesResponse> RecomputeDeadlines(V1.RecomputeDeadlinesRequest request, ServerCallContext context)
    {
        Validator().CaseName("name", request.Name).RequestId(request.RequestId).ThrowIfInvalid();
        var caller = AuthenticationInterceptor.CallerOf(context);
        return writer.RunAsync(caller, context.Method, request, request.RequestId, async session =>
        {
            var found = await FindCaseToChangeAsync(session, request.Name, caller, context.Method);
            var changed = await clocks.RecomputeAsync(session, found);
            session.RecordEvent(found.Id, CaseEventDraft.Of(CaseEventType.DeadlinesRecomputed,
                ("clocks", changed.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("calendar_versions", string.Join(",", changed.Select(d => d.CalendarVersion).Distinct().Order(StringComparer.Ordinal)))), caller);
            var all = session.Db.Deadlines.Local.Where(d => d.CaseId == found.Id).OrderBy(d => d.Number);
            return new V1.RecomputeDeadlinesResponse { Deadlines = { all.Select(CaseMapper.ToProto) } };
        }, context.CancellationToken);
    }

    /// <summary>The common shape of every change to an existing case.</summary>
    private Task<V1.Case> ChangeCaseAsync(
        IMessage request, string name, string etag, string requestId, ServerCallContext context,
        Action<CaseRequestValidator> validate, Func<Case, Actor, DateTime, CaseEventDraft> change)
    {
        var validator = Validator().CaseName("name", name).RequestId(requestId);
        validate(validator);
        validator.ThrowIfInvalid();
        var caller = AuthenticationInterceptor.CallerOf(context);
        return writer.RunAsync(caller, context.Method, request, requestId, async session =>
        {
            var found = await FindCaseToChangeAsync(session, name, caller, context.Method);
            RequireEtag(found, etag);
            var draft = change(found, caller, session.Now);
            session.RecordEvent(found.Id, draft, caller);
            await clocks.SyncAsync(session, found);
            return CaseMapper.ToProto(found, caller);
        }, context.CancellationToken, CaseNames.TryParse(name));
    }

    private static async Task<Case> FindCaseAsync(IQueryable<Case> cases, string name, CancellationToken cancellationToken)
    {
        var id = CaseNames.TryParse(name);
        return await cases.FirstOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw ApiException.CaseNotFound(name);
    }

    /// <summary>Loads a case to change it, after checking the caller's relation to it (<see cref="Permissions"/>).</summary>
    private static async Task<Case> FindCaseToChangeAsync(WriteSession session, string name, Actor caller, string method)
    {
        var found = await session.FindCaseAsync(CaseNames.TryParse(name)!) ?? throw Permissions.MissingCase(method, caller, name);
        Permissions.DemandOnCase(method, caller, found);
        return found;
    }

    private static void RequireEtag(Case found, string etag)
    {
        if (etag.Length > 0 && etag != found.Etag)
        {
            throw new ApiException(StatusCode.Aborted, ErrorReasons.EtagMismatch,
                "The case has changed since this etag was read; read it again and reapply the change.",
                metadata: new Dictionary<string, string> { ["name"] = CaseNames.Format(found.Id) });
        }
    }

    private int PageSize(int requested) =>
        Math.Min(requested == 0 ? DefaultPageSize : requested, limits.Value.MaxPageSize);

    private CaseRequestValidator Validator() => new(clock);
}
