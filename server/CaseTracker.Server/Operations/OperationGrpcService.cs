using CaseTracker.Server.Grpc;
using CaseTracker.Server.Storage;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Operations;

/// <summary>The <c>casetracker.v1.OperationService</c> endpoint: reads the long-running operations the record keeps.</summary>
public sealed class OperationGrpcService(
    IDbContextFactory<CaseTrackerDbContext> contexts,
    OperationMapper mapper,
    Pager pager,
    TimeProvider clock) : V1.OperationService.OperationServiceBase
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public override async Task<V1.Operation> GetOperation(V1.GetOperationRequest request, ServerCallContext context)
    {
        RequireName(request.Name);
        await using var db = await contexts.CreateDbContextAsync(context.CancellationToken);
        return await mapper.ToProtoAsync(db, await FindAsync(db, request.Name, context.CancellationToken), context.CancellationToken);
    }

    public override async Task<V1.ListOperationsResponse> ListOperations(V1.ListOperationsRequest request, ServerCallContext context)
    {
        bool? done = request.Filter.Replace(" ", string.Empty, StringComparison.Ordinal) switch
        {
            "" => null,
            "done=true" => true,
            "done=false" => false,
            _ => null,
        };
        if (done is null && request.Filter.Trim().Length > 0)
        {
            throw ApiException.BadInput(ErrorReasons.InvalidFilter,
                "The operation filter is `done = true`, `done = false` or empty.",
                new FieldViolation("filter", "must be `done = true`, `done = false` or empty"));
        }
        var page = pager.Open(request.PageSize, request.PageToken, $"operations\n{request.Filter}");

        await using var db = await contexts.CreateDbContextAsync(context.CancellationToken);
        var query = db.Operations.AsNoTracking();
        if (done is { } wanted)
        {
            query = query.Where(o => o.Done == wanted);
        }
        // Newest first; a page resumes after the last one's (create time, name), so operations started while a
        // caller pages neither shift nor repeat what it reads.
        if (page.Position is { } position && position.Split('|') is [var ticks, var name] && long.TryParse(ticks, out var created))
        {
            var after = new DateTime(created, DateTimeKind.Utc);
            query = query.Where(o => o.CreateTime < after || (o.CreateTime == after && string.Compare(o.Name, name) < 0));
        }
        var fetched = await query.OrderByDescending(o => o.CreateTime).ThenByDescending(o => o.Name).Take(page.Fetch).ToListAsync(context.CancellationToken);
        var response = new V1.ListOperationsResponse
        {
            NextPageToken = page.NextToken(fetched, o => $"{o.CreateTime.Ticks}|{o.Name}"),
        };
        response.Operations.AddRange(await mapper.ToProtoAsync(db, [.. page.Items(fetched)], context.CancellationToken));
        return response;
    }

    public override async Task<V1.Operation> WaitOperation(V1.WaitOperationRequest request, ServerCallContext context)
    {
        RequireName(request.Name);
        new RequestValidator(clock).Normalized("timeout", request.Timeout).ThrowIfInvalid();
        var wait = request.Timeout is null || request.Timeout.ToTimeSpan() <= TimeSpan.Zero || request.Timeout.ToTimeSpan() > MaxWait
            ? MaxWait
            : request.Timeout.ToTimeSpan();
        var until = DateTime.UtcNow + wait;
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync(context.CancellationToken);
            var record = await FindAsync(db, request.Name, context.CancellationToken);
            var deadlineNear = context.Deadline != DateTime.MaxValue && context.Deadline - DateTime.UtcNow < PollInterval * 2;
            if (record.Done || DateTime.UtcNow >= until || deadlineNear)
            {
                return await mapper.ToProtoAsync(db, record, context.CancellationToken);
            }
            await Task.Delay(PollInterval, context.CancellationToken);
        }
    }

    private static async Task<OperationRecord> FindAsync(CaseTrackerDbContext db, string name, CancellationToken cancellationToken) =>
        await db.Operations.AsNoTracking().FirstOrDefaultAsync(o => o.Name == name, cancellationToken)
        ?? throw new ApiException(StatusCode.NotFound, ErrorReasons.OperationNotFound, $"No operation is named '{name}'.",
            metadata: new Dictionary<string, string> { ["name"] = name });

    private void RequireName(string name)
    {
        if (!name.StartsWith("operations/", StringComparison.Ordinal) || name.Length <= "operations/".Length || name.Length > 128)
        {
            new RequestValidator(clock).Add("name", name.Length == 0 ? "required" : "must be operations/{operation}").ThrowIfInvalid();
        }
    }
}
