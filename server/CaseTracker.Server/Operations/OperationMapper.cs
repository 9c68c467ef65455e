using CaseTracker.Server.Grpc;
using CaseTracker.Server.Reviews;
using CaseTracker.Server.Storage;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Microsoft.EntityFrameworkCore;
using V1 = CaseTracker.V1;

namespace CaseTracker.Server.Operations;

/// <summary>
/// Maps a stored operation to the contract's <c>Operation</c>: its progress as stored, and once done either the
/// error (a google.rpc.Status with ErrorInfo) or the response read from the target as it is now.
/// </summary>
public sealed class OperationMapper
{
    public async Task<V1.Operation> ToProtoAsync(CaseTrackerDbContext db, OperationRecord record, CancellationToken cancellationToken)
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
        else if (record.Done)
        {
            proto.Response = await ResponseAsync(db, record, cancellationToken);
        }
        return proto;
    }

    private static async Task<Any> ResponseAsync(CaseTrackerDbContext db, OperationRecord record, CancellationToken cancellationToken) => record.Kind switch
    {
        OperationKinds.MonthlyReview => Any.Pack(await ReviewResponseAsync(db, record.Target, cancellationToken)),
        OperationKinds.Reconciliation => Any.Pack(Grpc.ReconciliationGrpcService.ToProto(
            await db.PersonLists.AsNoTracking().SingleAsync(l => l.Name == record.Target.Substring(Reconciliation.ReconciliationNames.Prefix.Length), cancellationToken))),
        _ => throw new InvalidOperationException($"Unknown operation kind {record.Kind}."),
    };

    private static async Task<V1.MonthlyReview> ReviewResponseAsync(CaseTrackerDbContext db, string target, CancellationToken cancellationToken)
    {
        var month = target["reviews/".Length..];
        var review = db.MonthlyReviews.Local.FirstOrDefault(r => r.Month == month)
            ?? await db.MonthlyReviews.AsNoTracking().SingleAsync(r => r.Month == month, cancellationToken);
        return await ReviewMapper.ToProtoAsync(db, review, cancellationToken);
    }
}
