using System.Text.RegularExpressions;
using System.Threading.Channels;
using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Grpc;
using CaseTracker.Server.Operations;
using CaseTracker.Server.Storage;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using FieldViolation = CaseTracker.Server.Grpc.FieldViolation;

namespace CaseTracker.Server.Reconciliation;

/// <summary>
/// The <c>casetracker.v1.ReconciliationService</c> endpoint. An import is read message by message; each message's
/// records are checked, matched and stored — with the list's counts and the operation's progress — in one
/// transaction of their own, so a dropped connection loses at most the message in flight, and sending it again
/// stores only what is not stored yet.
/// </summary>
public sealed partial class ReconciliationGrpcService(
    BatchingWriter writer,
    ReconciliationActions actions,
    KnownPersonIndexes indexes,
    IDbContextFactory<CaseTrackerDbContext> contexts,
    OperationMapper operations,
    PageTokens pageTokens,
    TimeProvider clock) : V1.ReconciliationService.ReconciliationServiceBase
{
    public const int MaxRecordsPerMessage = 1_000;
    private const int MaxRecordsPerTransaction = 20_000;
    private const int MaxQueuedMessages = 20;
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1_000;

    public override async Task<V1.Operation> ImportPersonList(IAsyncStreamReader<V1.ImportPersonListRequest> requestStream, ServerCallContext context)
    {
        var caller = AuthenticationInterceptor.CallerOf(context);
        V1.PersonListHeader? header = null;
        string? name = null;
        KnownPersons? matcher = null;
        // A returned-home list's stored records, with the keys they were matched on: its index, once the import is done
        // (null for other lists, and once there are more than the server keeps indexed).
        List<(KnownPerson Person, PersonKeys Keys)>? stored = null;
        // Messages are matched here while a store loop writes what is already matched: whatever has queued up
        // while the writer was busy goes into one transaction (at most MaxRecordsPerTransaction records), so a
        // long list pays for few commits. What was read before a connection drops is still stored.
        var matched = Channel.CreateBounded<(List<ReconciledRecord> Records, bool Complete)>(MaxQueuedMessages);
        var storeLoop = Task.Run(async () =>
        {
            try
            {
                while (await matched.Reader.WaitToReadAsync())
                {
                    var batch = new List<ReconciledRecord>();
                    var complete = false;
                    while (batch.Count < MaxRecordsPerTransaction && matched.Reader.TryRead(out var item))
                    {
                        batch.AddRange(item.Records);
                        complete |= item.Complete;
                    }
                    var inserted = await writer.WriteAloneAsync(session => StoreAsync(session, name!, batch, complete), CancellationToken.None);
                    if (stored is not null)
                    {
                        stored.AddRange(inserted.Where(r => r.Keys is not null)
                            .Select(r => (KnownPersonIndexes.ReturnedHomePerson(name!, r.Line, r.Surname, r.GivenName, r.DateOfBirth, r.PassportNumber), r.Keys!)));
                        stored = indexes.CanKeep(stored.Count) ? stored : null;
                    }
                }
            }
            catch (Exception error)
            {
                matched.Writer.TryComplete(error);
                throw;
            }
        });
        try
        {
            await foreach (var message in requestStream.ReadAllAsync(context.CancellationToken))
            {
                if (header is null)
                {
                    header = Validate(message.Header);
                    name = $"{caller.Party}-{header.ImportId}".ToLowerInvariant();
                    stored = header.Kind == V1.PersonListKind.ReturnedHomeList ? [] : null;
                    await writer.WriteAsync(session => OpenAsync(session, name, header, caller), context.CancellationToken);
                    await using var db = await contexts.CreateDbContextAsync(context.CancellationToken);
                    matcher = await indexes.LoadAsync(db, caller.Party, context.CancellationToken);
                }
                else if (message.Header is not null && !message.Header.Equals(header))
                {
                    throw Invalid("header", "must be empty or the same as in the first message");
                }
                if (message.Records.Count > MaxRecordsPerMessage)
                {
                    throw Invalid("records", $"at most {MaxRecordsPerMessage} per message");
                }
                if (message.Records.FirstOrDefault(r => r.Line <= 0) is { } unkeyed)
                {
                    throw Invalid("records.line", $"must be 1 or more (a record has line {unkeyed.Line})");
                }
                var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
                // One core matches while the store loop's writes keep another busy; matching a record costs less
                // than storing it, so spreading the matching over more cores would only take them from the writer.
                var known = matcher!;
                var reconciled = message.Records.Select(r => PersonListReconciler.Reconcile(r, known, today)).ToList();
                await matched.Writer.WriteAsync((reconciled, message.Complete), context.CancellationToken);
            }
        }
        finally
        {
            matched.Writer.TryComplete();
            await storeLoop;
        }
        if (name is null)
        {
            throw Invalid("header", "required: the stream had no message");
        }
        await using (var db = await contexts.CreateDbContextAsync(context.CancellationToken))
        {
            if (stored is not null)
            {
                indexes.Offer(await db.PersonLists.AsNoTracking().SingleAsync(l => l.Name == name, context.CancellationToken), stored);
            }
            var operation = await db.Operations.AsNoTracking().SingleAsync(o => o.Name == OperationName(name), context.CancellationToken);
            return await operations.ToProtoAsync(db, operation, context.CancellationToken);
        }
    }

    public override async Task<V1.Reconciliation> GetReconciliation(V1.GetReconciliationRequest request, ServerCallContext context)
    {
        var name = ListName("name", request.Name);
        await using var db = await contexts.CreateDbContextAsync(context.CancellationToken);
        var list = await db.PersonLists.AsNoTracking().FirstOrDefaultAsync(l => l.Name == name, context.CancellationToken) ?? throw NotFound(request.Name);
        return ToProto(list);
    }

    public override async Task<V1.ListReconciliationResultsResponse> ListReconciliationResults(V1.ListReconciliationResultsRequest request, ServerCallContext context)
    {
        var name = ListName("parent", request.Parent);
        new CaseRequestValidator(clock).PageSize("page_size", request.PageSize).ThrowIfInvalid();
        var outcome = OutcomeFilter(request.Filter);
        var pageSize = request.PageSize == 0 ? DefaultPageSize : Math.Min(request.PageSize, MaxPageSize);
        var after = pageTokens.Read(request.PageToken, $"results\n{name}\n{request.Filter}") is { } position ? long.Parse(position, System.Globalization.CultureInfo.InvariantCulture) : 0;
        await using var db = await contexts.CreateDbContextAsync(context.CancellationToken);
        if (!await db.PersonLists.AnyAsync(l => l.Name == name, context.CancellationToken))
        {
            throw NotFound(request.Parent);
        }
        var page = await Rows(db, name, outcome).Where(r => r.Line > after).Take(pageSize + 1).ToListAsync(context.CancellationToken);
        var response = new V1.ListReconciliationResultsResponse();
        response.Results.AddRange(page.Take(pageSize).Select(ToProto));
        if (page.Count > pageSize)
        {
            response.NextPageToken = pageTokens.Issue($"results\n{name}\n{request.Filter}", page[pageSize - 1].Line.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return response;
    }

    public override async Task DownloadReconciliationResults(
        V1.DownloadReconciliationResultsRequest request, IServerStreamWriter<V1.ReconciliationResult> responseStream, ServerCallContext context)
    {
        var name = ListName("parent", request.Parent);
        var outcome = OutcomeFilter(request.Filter);
        await using var db = await contexts.CreateDbContextAsync(context.CancellationToken);
        if (!await db.PersonLists.AnyAsync(l => l.Name == name, context.CancellationToken))
        {
            throw NotFound(request.Parent);
        }
        await foreach (var row in Rows(db, name, outcome).AsAsyncEnumerable().WithCancellation(context.CancellationToken))
        {
            await responseStream.WriteAsync(ToProto(row), context.CancellationToken);
        }
    }

    public override Task<V1.ReconciliationResult> DecideMatch(V1.DecideMatchRequest request, ServerCallContext context) =>
        actions.DecideMatchAsync(request, context);

    public override Task<V1.OpenCasesForRecordsResponse> OpenCasesForRecords(V1.OpenCasesForRecordsRequest request, ServerCallContext context) =>
        actions.OpenCasesForRecordsAsync(request, context);

    public override Task<V1.ProposeReturnedHomeResponse> ProposeReturnedHome(V1.ProposeReturnedHomeRequest request, ServerCallContext context) =>
        actions.ProposeReturnedHomeAsync(request, context);

    private static IQueryable<PersonListRow> Rows(CaseTrackerDbContext db, string name, int? outcome)
    {
        var rows = db.PersonListRows.AsNoTracking().Where(r => r.List == name);
        if (outcome is { } wanted)
        {
            rows = rows.Where(r => r.Outcome == wanted);
        }
        return rows.OrderBy(r => r.Line);
    }

    /// <summary>Creates the list and its operation on the first message of an import; a resumed import finds them.</summary>
    private static async Task<bool> OpenAsync(WriteSession session, string name, V1.PersonListHeader header, Actor caller)
    {
        var existing = await session.Db.PersonLists.FindAsync(name);
        if (existing is not null)
        {
            if (existing.Kind != (int)header.Kind || existing.AsOfTime != header.AsOfTime.ToDateTime())
            {
                throw new ApiException(StatusCode.FailedPrecondition, ErrorReasons.ImportIdReused,
                    $"The import '{header.ImportId}' was started as another list (another kind or as-of time); use a new import_id for a new list.",
                    [new FieldViolation("header.import_id", "already used for another list")]);
            }
            return false;
        }
        var list = new PersonList(name, header.ImportId, caller.Party, (int)header.Kind, header.AsOfTime.ToDateTime(), header.Title, OperationName(name), session.Now);
        session.Db.PersonLists.Add(list);
        session.Db.Operations.Add(new OperationRecord(list.OperationName, OperationKinds.Reconciliation, ReconciliationNames.Format(name), Progress(list), session.Now));
        return true;
    }

    /// <summary>Stores the records not stored yet, with the list's counts and progress; gives back those it stored.</summary>
    private static async Task<List<ReconciledRecord>> StoreAsync(WriteSession session, string name, List<ReconciledRecord> records, bool complete)
    {
        var list = await session.Db.PersonLists.FindAsync(name) ?? throw new InvalidOperationException($"The list {name} is not open.");
        var operation = await session.Db.Operations.FindAsync(list.OperationName) ?? throw new InvalidOperationException($"The list {name} has no operation.");
        var connection = session.Db.Database.GetDbConnection();
        var transaction = session.Db.Database.CurrentTransaction!.GetDbTransaction();
        var inserted = new List<ReconciledRecord>(records.Count);
        using (var insert = new PreparedInsert(connection, transaction, "PersonListRows", skipExisting: true, PersonListRow.Columns))
        {
            foreach (var record in records)
            {
                if (insert.Insert(PersonListRow.Values(name, record)))
                {
                    list.Counted(record.Outcome);
                    inserted.Add(record);
                }
            }
        }
        list.Touched(session.Now);
        if (complete)
        {
            list.Completed();
        }
        if (complete && !operation.Done)
        {
            operation.Succeed(Progress(list), session.Now);
        }
        else if (!operation.Done)
        {
            operation.Report(Progress(list), session.Now);
        }
        return inserted;
    }

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
        };
        proto.OutcomeCounts.Add(OutcomeCounts(list));
        return proto;
    }

    /// <summary>The list's counts keyed by the contract's outcome names, as progress and the resource give them.</summary>
    private static Dictionary<string, long> OutcomeCounts(PersonList list) =>
        list.OutcomeCounts.ToDictionary(pair => ContractNames.Of((V1.ReconciliationOutcome)pair.Key), pair => pair.Value);

    public static V1.ReconciliationResult ToProto(PersonListRow row) => new()
    {
        Record = new V1.PersonRecord
        {
            Line = row.Line,
            Surname = row.Surname,
            GivenName = row.GivenName,
            DateOfBirth = row.DateOfBirthText,
            PassportNumber = row.PassportNumber,
            SourceReference = row.SourceReference,
        },
        Outcome = (V1.ReconciliationOutcome)row.Outcome,
        Score = row.Score,
        MatchedCase = row.MatchedCase,
        MatchedRecord = row.MatchedRecord,
        Explanation = row.Explanation,
        InvalidReason = row.InvalidReason,
    };

    private static string OperationName(string name) => $"operations/reconciliation-{name}";

    private V1.PersonListHeader Validate(V1.PersonListHeader? header)
    {
        var validator = new CaseRequestValidator(clock);
        if (header is null)
        {
            throw Invalid("header", "required in the first message");
        }
        if (!ImportIdPattern().IsMatch(header.ImportId))
        {
            validator.Add("header.import_id", "1 to 64 letters, digits, '.', '_' or '-'");
        }
        validator.DefinedEnum("header.kind", header.Kind);
        if (header.AsOfTime is null)
        {
            validator.Add("header.as_of_time", "required");
        }
        validator.MaxLength("header.title", header.Title, 200);
        validator.ThrowIfInvalid();
        return header;
    }

    private static int? OutcomeFilter(string filter)
    {
        var text = filter.Replace(" ", string.Empty, StringComparison.Ordinal);
        if (text.Length == 0)
        {
            return null;
        }
        if (text.StartsWith("outcome=", StringComparison.Ordinal) && ContractNames.TryParse<V1.ReconciliationOutcome>(text["outcome=".Length..], out var outcome) && outcome != V1.ReconciliationOutcome.Unspecified)
        {
            return (int)outcome;
        }
        throw new ApiException(StatusCode.InvalidArgument, ErrorReasons.InvalidFilter,
            $"The filter is `outcome = <one of {string.Join(", ", ContractNames.Specified<V1.ReconciliationOutcome>())}>` or empty.",
            [new FieldViolation("filter", "must be `outcome = RECONCILIATION_OUTCOME_...` or empty")]);
    }

    private string ListName(string field, string resource)
    {
        var id = ReconciliationNames.TryParse(resource);
        if (id is null)
        {
            new CaseRequestValidator(clock).Add(field, resource.Length == 0 ? "required" : "must be reconciliations/{reconciliation}").ThrowIfInvalid();
        }
        return id!;
    }

    private static ApiException Invalid(string field, string description) => ApiException.InvalidRequest([new FieldViolation(field, description)]);

    private static ApiException NotFound(string name) =>
        new(StatusCode.NotFound, ErrorReasons.ReconciliationNotFound, $"No reconciliation is named '{name}'.",
            metadata: new Dictionary<string, string> { ["name"] = name });

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex ImportIdPattern();
}
