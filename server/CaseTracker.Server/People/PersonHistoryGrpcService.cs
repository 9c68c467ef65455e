using CaseTracker.Server.Cases;
using CaseTracker.Server.Disclosures;
using CaseTracker.Server.Grpc;
using CaseTracker.Server.Reconciliation;
using CaseTracker.Server.Security;
using Grpc.Core;

namespace CaseTracker.Server.People;

/// <summary>The <c>PersonHistoryService</c> endpoint: a person's cases and list records, each passing the disclosure rule on the way out.</summary>
public sealed class PersonHistoryGrpcService(PersonHistory history, SubjectDisclosures disclosures, TimeProvider clock)
    : V1.PersonHistoryService.PersonHistoryServiceBase
{
    public override async Task<V1.ListPersonHistoryResponse> ListPersonHistory(V1.ListPersonHistoryRequest request, ServerCallContext context)
    {
        new RequestValidator(clock).CaseName("case", request.Case).ThrowIfInvalid();
        var caller = AuthenticationInterceptor.CallerOf(context);
        var found = await history.FindAsync(request.Case, request.PageSize, request.PageToken, caller, context.CancellationToken);
        var response = new V1.ListPersonHistoryResponse
        {
            Cases =
            {
                found.Cases.Select(c => new V1.PersonHistoryCase
                {
                    Case = CaseMapper.ToProto(c.Case, caller), Score = c.Score, Explanation = c.Explanation, Match = c.Match,
                }),
            },
            NextPageToken = found.NextPageToken,
        };
        await disclosures.ShowAsync([.. response.Cases.Select(c => c.Case)], caller, context.Method, context.CancellationToken);
        foreach (var list in found.Records.GroupBy(r => r.List.Name, StringComparer.Ordinal))
        {
            var shown = list.Select(r => new V1.PersonHistoryRecord
            {
                Reconciliation = ReconciliationNames.Format(r.List.Name),
                SourceParty = (V1.Party)r.List.SourceParty,
                Kind = (V1.PersonListKind)r.List.Kind,
                AsOfTime = ProtoTime.Of(r.List.AsOfTime),
                Result = ReconciliationMapper.ToProto(r.Row),
            }).ToList();
            await disclosures.ShowAsync([.. shown.Select(r => r.Result)], list.Key, list.First().List.SourceParty, caller, context.Method, context.CancellationToken);
            response.Records.Add(shown);
        }
        return response;
    }
}
