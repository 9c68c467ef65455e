using CaseTracker.Server.Grpc;
using Grpc.Core;

namespace CaseTracker.Server.Cases;

/// <summary>
/// The case service's related cases: possible duplicates of a draft, links between two cases, and closing one as
/// the duplicate of another. Each change writes both cases and their events in one transaction (<see cref="CaseLinking"/>).
/// A part of <see cref="CaseGrpcService"/>, in a file of its own.
/// </summary>
public sealed partial class CaseGrpcService
{
    public override async Task<V1.FindPossibleDuplicatesResponse> FindPossibleDuplicates(V1.FindPossibleDuplicatesRequest request, ServerCallContext context)
    {
        var validator = Validator();
        if (request.Case is null)
        {
            validator.Add("case", "required");
        }
        else
        {
            validator.Details("case", request.Case);
        }
        validator.ThrowIfInvalid();
        var caller = AuthenticationInterceptor.CallerOf(context);
        var found = await duplicates.FindAsync(CaseMapper.ToDetails(request.Case!), caller, context.CancellationToken);
        var response = new V1.FindPossibleDuplicatesResponse
        {
            Duplicates =
            {
                found.Select(d => new V1.PossibleDuplicate
                {
                    Case = CaseMapper.ToProto(d.Case, caller), Score = d.Score, Explanation = d.Explanation, Match = d.Match,
                }),
            },
        };
        await disclosures.ShowAsync([.. response.Duplicates.Select(d => d.Case)], caller, context.Method, context.CancellationToken);
        return response;
    }

    public override async Task<V1.LinkCasesResponse> LinkCases(V1.LinkCasesRequest request, ServerCallContext context)
    {
        var validator = Validator().CaseName("name", request.Name).CaseName("other", request.Other).RequestId(request.RequestId)
            .DefinedEnum("kind", request.Kind)
            .RequiredText("reason", request.Reason, RequestValidator.MaxReasonLength);
        if (request.Kind == V1.LinkKind.HasDuplicate)
        {
            validator.Add("kind", "HAS_DUPLICATE is the other case's side of a link: link the duplicate with DUPLICATE_OF");
        }
        validator.ThrowIfInvalid();
        var caller = AuthenticationInterceptor.CallerOf(context);
        var response = await writer.RunAsync(caller, context.Method, request, request.RequestId, async session =>
        {
            var (first, second) = await linking.LinkAsync(session, request.Name, request.Other, (LinkKind)request.Kind, request.Reason.Trim(), caller, context.Method);
            return new V1.LinkCasesResponse { Case = CaseMapper.ToProto(first, caller), Other = CaseMapper.ToProto(second, caller) };
        }, async (session, stored) =>
        {
            var (first, second) = await CaseReplays.PairAsync(session, stored.Case, stored.Other, caller, context.Method);
            return new V1.LinkCasesResponse { Case = first, Other = second };
        }, context.CancellationToken, CaseNames.TryParse(request.Name));
        await disclosures.ShowAsync([response.Case, response.Other], caller, context.Method, context.CancellationToken);
        return response;
    }

    public override async Task<V1.UnlinkCasesResponse> UnlinkCases(V1.UnlinkCasesRequest request, ServerCallContext context)
    {
        Validator().CaseName("name", request.Name).CaseName("other", request.Other).RequestId(request.RequestId)
            .RequiredText("reason", request.Reason, RequestValidator.MaxReasonLength)
            .ThrowIfInvalid();
        var caller = AuthenticationInterceptor.CallerOf(context);
        var response = await writer.RunAsync(caller, context.Method, request, request.RequestId, async session =>
        {
            var (first, second) = await linking.UnlinkAsync(session, request.Name, request.Other, request.Reason.Trim(), caller, context.Method);
            return new V1.UnlinkCasesResponse { Case = CaseMapper.ToProto(first, caller), Other = CaseMapper.ToProto(second, caller) };
        }, async (session, stored) =>
        {
            var (first, second) = await CaseReplays.PairAsync(session, stored.Case, stored.Other, caller, context.Method);
            return new V1.UnlinkCasesResponse { Case = first, Other = second };
        }, context.CancellationToken, CaseNames.TryParse(request.Name));
        await disclosures.ShowAsync([response.Case, response.Other], caller, context.Method, context.CancellationToken);
        return response;
    }

    public override async Task<V1.CloseAsDuplicateResponse> CloseAsDuplicate(V1.CloseAsDuplicateRequest request, ServerCallContext context)
    {
        Validator().CaseName("name", request.Name).CaseName("original", request.Original).RequestId(request.RequestId)
            .RequiredText("reason", request.Reason, RequestValidator.MaxReasonLength)
            .ThrowIfInvalid();
        var caller = AuthenticationInterceptor.CallerOf(context);
        var response = await writer.RunAsync(caller, context.Method, request, request.RequestId, async session =>
        {
            var (duplicate, original) = await linking.CloseAsDuplicateAsync(
                session, request.Name, request.Original, request.Reason.Trim(), request.Etag, caller, context.Method);
            return new V1.CloseAsDuplicateResponse { Case = CaseMapper.ToProto(duplicate, caller), Original = CaseMapper.ToProto(original, caller) };
        }, async (session, stored) =>
        {
            var (duplicate, original) = await CaseReplays.PairAsync(session, stored.Case, stored.Original, caller, context.Method);
            return new V1.CloseAsDuplicateResponse { Case = duplicate, Original = original };
        }, context.CancellationToken, CaseNames.TryParse(request.Name));
        await disclosures.ShowAsync([response.Case, response.Original], caller, context.Method, context.CancellationToken);
        return response;
    }
}
