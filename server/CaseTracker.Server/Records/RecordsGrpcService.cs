using CaseTracker.Server.Cases;
using CaseTracker.Server.Disclosures;
using CaseTracker.Server.Grpc;
using CaseTracker.Server.Security;
using CaseTracker.Server.Storage;
using Google.Protobuf;
using Grpc.Core;

namespace CaseTracker.Server.Records;

/// <summary>The adapter of <c>casetracker.v1.RecordsService</c>: legal holds on cases and the subject-access export.</summary>
public sealed class RecordsGrpcService(IdempotentWriter writer, SubjectDataExports exports, SubjectDisclosures disclosures, TimeProvider clock)
    : V1.RecordsService.RecordsServiceBase
{
    public override Task<V1.Case> PlaceLegalHold(V1.PlaceLegalHoldRequest request, ServerCallContext context) =>
        ChangeHoldAsync(request, request.Name, request.Etag, request.RequestId, request.Reason, context,
            (c, caller, reason, now) => c.PlaceLegalHold(caller, reason, now));

    public override Task<V1.Case> ReleaseLegalHold(V1.ReleaseLegalHoldRequest request, ServerCallContext context) =>
        ChangeHoldAsync(request, request.Name, request.Etag, request.RequestId, request.Reason, context,
            (c, caller, reason, now) => c.ReleaseLegalHold(caller, reason, now));

    public override Task<V1.SubjectDataExport> ExportSubjectData(V1.ExportSubjectDataRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator(clock).RequiredText("passport_number", request.PassportNumber, 64);
        validator.ThrowIfInvalid();
        return exports.ExportAsync(request.PassportNumber, AuthenticationInterceptor.CallerOf(context), context.Method, context.CancellationToken);
    }

    private async Task<V1.Case> ChangeHoldAsync(
        IMessage request, string name, string etag, string requestId, string reason, ServerCallContext context,
        Func<Case, Actor, string, DateTime, CaseEventDraft> change)
    {
        new RequestValidator(clock).CaseName("name", name).RequestId(requestId)
            .RequiredText("reason", reason, RequestValidator.MaxReasonLength).ThrowIfInvalid();
        var caller = AuthenticationInterceptor.CallerOf(context);
        var changed = await writer.RunAsync(caller, context.Method, request, requestId, async session =>
        {
            var found = await CaseAccess.FindToChangeAsync(session, name, caller, context.Method);
            CaseAccess.RequireEtag(found, etag);
            session.RecordEvent(found.Id, change(found, caller, reason.Trim(), session.Now), caller);
            return CaseMapper.ToProto(found, caller);
        }, (session, stored) => CaseReplays.CaseAsync(session, stored, caller, context.Method), context.CancellationToken, CaseNames.TryParse(name));
        return await disclosures.ShowAsync(changed, caller, context.Method, context.CancellationToken);
    }
}
