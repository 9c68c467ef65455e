using CaseTracker.Server.Grpc;
using CaseTracker.Server.Reconciliation;
using CaseTracker.Server.Reviews;
using CaseTracker.Server.Storage;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Operations;

/// <summary>
/// Maps a stored operation to the contract's <c>Operation</c>: its progress as stored, and once done either the
/// error (a google.rpc.Status with ErrorInfo) or the response read from the target as it is now.
/// </summary>
public sealed class OperationMapper
{
    public async Task<V1.Operation> ToProtoAsync(CaseTrackerDbContext db, OperationRecord record, CancellationToken cancellationToken) =>
        ToProto(record, record.Done && record.ErrorCode is null ? await ResponseAsync(db, record, cancellationToken) : null);

    /// <summary>A page of operations, the targets of the done ones read in a few queries for the whole page.</summary>
    public async Task<List<V1.Operation>> ToProtoAsync(CaseTrackerDbContext db, IReadOnlyList<OperationRecord> records, CancellationToken cancellationToken)
    {
        var succeeded = records.Where(r => r.Done && r.ErrorCode is null).ToList();
        var months = succeeded.Where(r => r.Kind == OperationKinds.MonthlyReview).Select(r => ReviewMonthOf(r.Target)).ToList();
        var lists = succeeded.Where(r => r.Kind == OperationKinds.Reconciliation).Select(r => ListOf(r.Target)).ToList();
        var reviews = await db.MonthlyReviews.AsNoTracking().Where(r => months.Contains(r.Month)).ToListAsync(cancellationToken);
        var responses = (await ReviewMapper.ToProtoAsync(db, reviews, cancellationToken)).ToDictionary(r => r.Name, r => Any.Pack(r));
        foreach (var list in await db.PersonLists.AsNoTracking().Where(l => lists.Contains(l.Name)).ToListAsync(cancellationToken))
        {
            var reconciliation = ReconciliationMapper.ToProto(list);
            responses[reconciliation.Name] = Any.Pack(reconciliation);
        }
        return [.. records.Select(r => ToProto(r, responses.GetValueOrDefault(r.Target)))];
    }

    private static V1.Operation ToProto(OperationRecord record, Any? response)
    {
        var proto = new V1.Operation
        {
            Name = record.Name,
            Metadata = Any.Parser.ParseFrom(record.Metadata),
            Done = record.Done,
        };
        if (record.ErrorCode is { } code)
        {
            proto.Error = new Google.Rpc.Status
            {
                Code = code,
                Message = record.ErrorMessage,
                Details = { Any.Pack(new ErrorInfo { Reason = record.ErrorReason, Domain = ErrorReasons.Domain }) },
            };
        }
        else if (response is not null)
        {
            proto.Response = response;
        }
        return proto;
    }

    private static async Task<Any> ResponseAsync(CaseTrackerDbContext db, OperationRecord record, CancellationToken cancellationToken) => record.Kind switch
    {
        OperationKinds.MonthlyReview => Any.Pack(await ReviewResponseAsync(db, record.Target, cancellationToken)),
        OperationKinds.Reconciliation => Any.Pack(ReconciliationMapper.ToProto(
            await db.PersonLists.AsNoTracking().SingleAsync(l => l.Name == ListOf(record.Target), cancellationToken))),
        _ => throw new InvalidOperationException($"Unknown operation kind {record.Kind}."),
    };

    private static async Task<V1.MonthlyReview> ReviewResponseAsync(CaseTrackerDbContext db, string target, CancellationToken cancellationToken)
    {
        var month = ReviewMonthOf(target);
        var review = db.MonthlyReviews.Local.FirstOrDefault(r => r.Month == month)
            ?? await db.MonthlyReviews.AsNoTracking().SingleAsync(r => r.Month == month, cancellationToken);
        return await ReviewMapper.ToProtoAsync(db, review, cancellationToken);
    }

    private static string ReviewMonthOf(string target) => target["reviews/".Length..];

    private static string ListOf(string target) => target[Reconciliation.ReconciliationNames.Prefix.Length..];
}
