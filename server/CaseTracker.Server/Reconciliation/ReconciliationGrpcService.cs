using System.Globalization;
using System.Text.RegularExpressions;
using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Disclosures;
using CaseTracker.Server.Grpc;
using CaseTracker.Server.Operations;
using CaseTracker.Server.Storage;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using FieldViolation = CaseTracker.Server.Grpc.FieldViolation;

namespace CaseTracker.Server.Reconciliation;

/// <summary>
/// The <c>casetracker.v1.ReconciliationService</c> endpoint: each method checks its request, takes the caller,
/// hands the work to <see cref="PersonListImport"/> or <see cref="ReconciliationActions"/> (or reads), and maps
/// the result back with <see cref="ReconciliationMapper"/>. Every record returned passes <see cref="SubjectDisclosures"/>
/// on its way out: a list's records are the importing party's data.
/// </summary>
public sealed partial class ReconciliationGrpcService(
    PersonListImports imports,
    ReconciliationActions actions,
    IDbContextFactory<CaseTrackerDbContext> contexts,
    OperationMapper operations,
    SubjectDisclosures disclosures,
    Pager pager,
    TimeProvider clock) : V1.ReconciliationService.ReconciliationServiceBase
{
    public const int MaxRecordsPerMessage = 1_000;

    /// <summary>Records a download sends per disclosure write.</summary>
    private const int DownloadChunk = 1_000;

    /// <summary>The longest title a list may have.</summary>
    private const int MaxTitleLength = RequestValidator.MaxShortText;

    public override async Task<V1.Operation> ImportPersonList(IAsyncStreamReader<V1.ImportPersonListRequest> requestStream, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        string operation;
        await using (var import = imports.Start(AuthenticationInterceptor.CallerOf(context)))
        {
            V1.PersonListHeader? header = null;
            await foreach (var message in requestStream.ReadAllAsync(cancellationToken))
            {
                if (header is null)
                {
                    header = Validate(message.Header);
                    await import.OpenAsync(ReconciliationMapper.ToDomain(header), cancellationToken);
                }
                else if (message.Header is not null && !message.Header.Equals(header))
                {
                    throw Invalid("header", "must be empty or the same as in the first message");
                }
                ValidateRecords(message);
                await import.AcceptAsync([.. message.Records.Select(ReconciliationMapper.ToDomain)], message.Complete, cancellationToken);
            }
            if (!import.IsOpen)
            {
                throw Invalid("header", "required: the stream had no message");
            }
            operation = await import.CompleteAsync(cancellationToken);
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await operations.ToProtoAsync(db, await db.Operations.AsNoTracking().SingleAsync(o => o.Name == operation, cancellationToken), cancellationToken);
    }

    public override async Task<V1.Reconciliation> GetReconciliation(V1.GetReconciliationRequest request, ServerCallContext context)
    {
        var name = ListName("name", request.Name);
        await using var db = await contexts.CreateDbContextAsync(context.CancellationToken);
        var list = await db.PersonLists.AsNoTracking().FirstOrDefaultAsync(l => l.Name == name, context.CancellationToken)
            ?? throw ReconciliationRefusals.ReconciliationNotFound(request.Name);
        var proto = ReconciliationMapper.ToProto(list);
        if (list.Compared)
        {
            proto.ChangeCounts.Add(await RegistryChangeQueries.CountsAsync(db, name, context.CancellationToken));
        }
        return proto;
    }

    public override async Task<V1.ListReconciliationResultsResponse> ListReconciliationResults(V1.ListReconciliationResultsRequest request, ServerCallContext context)
    {
        var name = ListName("parent", request.Parent);
        var page = pager.Open(request.PageSize, request.PageToken, $"results\n{name}\n{request.Filter}");
        var filter = ResultFilter.Parse(request.Filter);
        var after = page.Position is { } position ? long.Parse(position, CultureInfo.InvariantCulture) : 0;
        await using var db = await contexts.CreateDbContextAsync(context.CancellationToken);
        var listParty = await RequireListAsync(db, name, request.Parent, context.CancellationToken);
        var fetched = await Rows(db, name, filter).Where(r => r.Line > after).Take(page.Fetch).ToListAsync(context.CancellationToken);
        var response = new V1.ListReconciliationResultsResponse
        {
            Results = { page.Items(fetched).Select(ReconciliationMapper.ToProto) },
            NextPageToken = page.NextToken(fetched, row => row.Line.ToString(CultureInfo.InvariantCulture)),
        };
        await disclosures.ShowAsync(response.Results, name, listParty, AuthenticationInterceptor.CallerOf(context), context.Method, context.CancellationToken);
        return response;
    }

    public override async Task DownloadReconciliationResults(
        V1.DownloadReconciliationResultsRequest request, IServerStreamWriter<V1.ReconciliationResult> responseStream, ServerCallContext context)
    {
        var name = ListName("parent", request.Parent);
        var filter = ResultFilter.Parse(request.Filter);
        await using var db = await contexts.CreateDbContextAsync(context.CancellationToken);
        var listParty = await RequireListAsync(db, name, request.Parent, context.CancellationToken);
        var viewer = AuthenticationInterceptor.CallerOf(context);
        var chunk = new List<V1.ReconciliationResult>(DownloadChunk);
        await foreach (var row in Rows(db, name, filter).AsAsyncEnumerable().WithCancellation(context.CancellationToken))
        {
            chunk.Add(ReconciliationMapper.ToProto(row));
            if (chunk.Count == DownloadChunk)
            {
                await WriteShownAsync(chunk, name, listParty, viewer, responseStream, context);
            }
        }
        await WriteShownAsync(chunk, name, listParty, viewer, responseStream, context);
    }

    public override async Task<V1.ReconciliationResult> DecideMatch(V1.DecideMatchRequest request, ServerCallContext context)
    {
        var caller = AuthenticationInterceptor.CallerOf(context);
        var decided = await actions.DecideMatchAsync(request, caller, context.Method, context.CancellationToken);
        var list = ReconciliationNames.TryParseRecord(request.Name)!.Value.List;
        await using var db = await contexts.CreateDbContextAsync(context.CancellationToken);
        await disclosures.ShowAsync([decided], list, await RequireListAsync(db, list, request.Name, context.CancellationToken), caller, context.Method, context.CancellationToken);
        return decided;
    }

    /// <summary>
    /// Streams a chunk of records once the rule is applied and their disclosures are recorded: one write for a
    /// chunk, not one per record, and nothing sent before its record is committed.
    /// </summary>
    private async Task WriteShownAsync(
        List<V1.ReconciliationResult> chunk, string list, Party listParty, Actor viewer,
        IServerStreamWriter<V1.ReconciliationResult> responseStream, ServerCallContext context)
    {
        await disclosures.ShowAsync(chunk, list, listParty, viewer, context.Method, context.CancellationToken);
        foreach (var result in chunk)
        {
            await responseStream.WriteAsync(result, context.CancellationToken);
        }
        chunk.Clear();
    }

    public override Task<V1.OpenCasesForRecordsResponse> OpenCasesForRecords(V1.OpenCasesForRecordsRequest request, ServerCallContext context) =>
        actions.OpenCasesForRecordsAsync(request, AuthenticationInterceptor.CallerOf(context), context.Method, context.CancellationToken);

    public override Task<V1.ProposeReturnedHomeResponse> ProposeReturnedHome(V1.ProposeReturnedHomeRequest request, ServerCallContext context) =>
        actions.ProposeReturnedHomeAsync(request, AuthenticationInterceptor.CallerOf(context), context.Method, context.CancellationToken);

    private static IQueryable<PersonListRow> Rows(CaseTrackerDbContext db, string name, ResultFilter filter)
    {
        var rows = db.PersonListRows.AsNoTracking().Where(r => r.List == name);
        if (filter.Outcome is { } wanted)
        {
            rows = rows.Where(r => r.Outcome == wanted);
        }
        if (filter.Line is { } line)
        {
            rows = rows.Where(r => r.Line == line);
        }
        return rows.OrderBy(r => r.Line);
    }

    /// <summary>The party that imported the list, whose data its records are; NOT_FOUND when there is no such list.</summary>
    private static async Task<Party> RequireListAsync(CaseTrackerDbContext db, string name, string resource, CancellationToken cancellationToken)
    {
        var parties = await db.PersonLists.AsNoTracking().Where(l => l.Name == name).Select(l => l.SourceParty).ToListAsync(cancellationToken);
        return parties.Count == 1 ? parties[0] : throw ReconciliationRefusals.ReconciliationNotFound(resource);
    }

    private V1.PersonListHeader Validate(V1.PersonListHeader? header)
    {
        var validator = new RequestValidator(clock);
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
        validator.Normalized("header.as_of_time", header.AsOfTime);
        validator.MaxLength("header.title", header.Title, MaxTitleLength);
        validator.ThrowIfInvalid();
        return header;
    }

    private static void ValidateRecords(V1.ImportPersonListRequest message)
    {
        if (message.Records.Count > MaxRecordsPerMessage)
        {
            throw Invalid("records", $"at most {MaxRecordsPerMessage} per message");
        }
        if (message.Records.FirstOrDefault(r => r.Line <= 0) is { } unkeyed)
        {
            throw Invalid("records.line", $"must be 1 or more (a record has line {unkeyed.Line})");
        }
    }

    /// <summary>The filter of the results: one outcome (<c>outcome = RECONCILIATION_OUTCOME_AMBIGUOUS</c>), one record (<c>line = 42</c>), or none.</summary>
    private sealed record ResultFilter(ReconciliationOutcome? Outcome, long? Line)
    {
        public static ResultFilter Parse(string filter)
        {
            var text = filter.Replace(" ", string.Empty, StringComparison.Ordinal);
            if (text.Length == 0)
            {
                return new(null, null);
            }
            if (text.StartsWith("outcome=", StringComparison.Ordinal) && ContractNames.TryParse<V1.ReconciliationOutcome>(text["outcome=".Length..], out var outcome) && outcome != V1.ReconciliationOutcome.Unspecified)
            {
                return new(ReconciliationMapper.ToDomain(outcome), null);
            }
            if (text.StartsWith("line=", StringComparison.Ordinal) && long.TryParse(text["line=".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var line) && line > 0)
            {
                return new(null, line);
            }
            throw ApiException.BadInput(ErrorReasons.InvalidFilter,
                $"The filter is `outcome = <one of {string.Join(", ", ContractNames.Specified<V1.ReconciliationOutcome>())}>`, `line = <a record's line, 1 or more>`, or empty.",
                new FieldViolation("filter", "must be `outcome = RECONCILIATION_OUTCOME_...`, `line = 42` or empty"));
        }
    }

    private string ListName(string field, string resource)
    {
        var id = ReconciliationNames.TryParse(resource);
        if (id is null)
        {
            new RequestValidator(clock).Add(field, resource.Length == 0 ? "required" : "must be reconciliations/{reconciliation}").ThrowIfInvalid();
        }
        return id!;
    }

    private static ApiException Invalid(string field, string description) => ApiException.InvalidRequest([new FieldViolation(field, description)]);

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex ImportIdPattern();

    // The changes of a registry snapshot against the previous one: paged and streamed, each with its record, which
    // passes the disclosure rule as the list's records do (a removal's record under the previous snapshot's name).
    public override async Task<V1.ListReconciliationChangesResponse> ListReconciliationChanges(V1.ListReconciliationChangesRequest request, ServerCallContext context)
    {
        var name = ListName("parent", request.Parent);
        var page = pager.Open(request.PageSize, request.PageToken, $"changes\n{name}\n{request.Filter}");
        var filter = ChangeFilter.Parse(request.Filter);
        await using var db = await contexts.CreateDbContextAsync(context.CancellationToken);
        var list = await RegistryChangeQueries.RequireSnapshotAsync(db, name, request.Parent, context.CancellationToken);
        var changes = RegistryChangeQueries.Changes(db, name, filter);
        if (page.Position is { } position)
        {
            var (kind, line) = ChangePosition.Parse(position);
            changes = changes.Where(c => c.Change.Kind > kind || (c.Change.Kind == kind && c.Change.Line > line));
        }
        var fetched = await changes.Take(page.Fetch).ToListAsync(context.CancellationToken);
        var response = new V1.ListReconciliationChangesResponse
        {
            Changes = { page.Items(fetched).Select(c => ReconciliationMapper.ToProto(c.Change, c.Row, list.PreviousSnapshot)) },
            NextPageToken = page.NextToken(fetched, c => ChangePosition.Format(c.Change.Kind, c.Change.Line)),
        };
        await ShowChangesAsync(response.Changes, list, AuthenticationInterceptor.CallerOf(context), context);
        return response;
    }

    public override async Task DownloadReconciliationChanges(
        V1.DownloadReconciliationChangesRequest request, IServerStreamWriter<V1.ReconciliationChange> responseStream, ServerCallContext context)
    {
        var name = ListName("parent", request.Parent);
        var filter = ChangeFilter.Parse(request.Filter);
        await using var db = await contexts.CreateDbContextAsync(context.CancellationToken);
        var list = await RegistryChangeQueries.RequireSnapshotAsync(db, name, request.Parent, context.CancellationToken);
        var viewer = AuthenticationInterceptor.CallerOf(context);
        var chunk = new List<V1.ReconciliationChange>(DownloadChunk);
        await foreach (var c in RegistryChangeQueries.Changes(db, name, filter).AsAsyncEnumerable().WithCancellation(context.CancellationToken))
        {
            chunk.Add(ReconciliationMapper.ToProto(c.Change, c.Row, list.PreviousSnapshot));
            if (chunk.Count == DownloadChunk)
            {
                await WriteChangesShownAsync(chunk, list, viewer, responseStream, context);
            }
        }
        await WriteChangesShownAsync(chunk, list, viewer, responseStream, context);
    }

    private async Task WriteChangesShownAsync(
        List<V1.ReconciliationChange> chunk, PersonList list, Actor viewer, IServerStreamWriter<V1.ReconciliationChange> responseStream, ServerCallContext context)
    {
        await ShowChangesAsync(chunk, list, viewer, context);
        foreach (var change in chunk)
        {
            await responseStream.WriteAsync(change, context.CancellationToken);
        }
        chunk.Clear();
    }

    /// <summary>Applies the rule to the changes' records: a removal's under the previous snapshot, the others' under this one.</summary>
    private async Task ShowChangesAsync(IReadOnlyCollection<V1.ReconciliationChange> changes, PersonList list, Actor viewer, ServerCallContext context)
    {
        var removed = changes.Where(c => c.Kind == V1.ReconciliationChange.Types.Kind.Removed).Select(c => c.Result).ToList();
        var others = changes.Where(c => c.Kind != V1.ReconciliationChange.Types.Kind.Removed).Select(c => c.Result).ToList();
        await disclosures.ShowAsync(others, list.Name, list.SourceParty, viewer, context.Method, context.CancellationToken);
        if (removed.Count > 0)
        {
            await disclosures.ShowAsync(removed, list.PreviousSnapshot, list.SourceParty, viewer, context.Method, context.CancellationToken);
        }
    }
}
