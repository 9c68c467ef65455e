using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Security;
using CaseTracker.Tests.Support;
using Google.Protobuf;
using Grpc.Core;

namespace CaseTracker.Tests.Security;

/// <summary>
/// Every RPC of the contract × every role × the caller's relation to the case, checked through the channel
/// against the one authorization table. The RPCs come from the contract's descriptor, so a new RPC without a
/// rule or without a request here fails.
/// </summary>
public sealed class AuthorizationMatrixTests(CaseTrackerHost host) : IClassFixture<CaseTrackerHost>
{
    public enum Relation { OwnPartyCase, OtherPartyCase, OwnPartyCaseAsLead, OtherPartyCaseAsLead }

    private static readonly IReadOnlyDictionary<string, Func<string, IMessage>> Requests = CaseServiceRequests.OnCase;

    public static TheoryData<string, Role, Relation> Matrix()
    {
        var data = new TheoryData<string, Role, Relation>();
        foreach (var method in V1.CaseService.Descriptor.Methods.Select(m => m.Name))
        {
            foreach (var role in Enum.GetValues<Role>())
            {
                data.Add(method, role, Relation.OwnPartyCase);
                data.Add(method, role, Relation.OtherPartyCase);
                if (role == Role.Investigator)
                {
                    data.Add(method, role, Relation.OwnPartyCaseAsLead);
                    data.Add(method, role, Relation.OtherPartyCaseAsLead);
                }
            }
        }
        return data;
    }

    [Fact]
    public void EveryRpcOfTheContract_HasARuleForEveryRole_AndARequestHere()
    {
        foreach (var method in V1.CaseService.Descriptor.Methods.Select(m => m.Name))
        {
            Assert.True(Permissions.Table.ContainsKey(method), $"{method} has no rule in Permissions.");
            Assert.All(Enum.GetValues<Role>(), role => Assert.True(Permissions.Table[method].ContainsKey(role), $"{method} has no rule for {role}."));
            Assert.True(Requests.ContainsKey(method), $"{method} has no request in this test.");
        }
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Rpc_ForRoleAndRelation_IsAllowedOrDeniedAsTheTableSays(string method, Role role, Relation relation)
    {
        // The case is filed by a Tajik supervisor; "own party" callers are Tajik, the others Russian.
        var callerParty = relation is Relation.OwnPartyCase or Relation.OwnPartyCaseAsLead ? Party.TJ : Party.RU;
        var callerId = $"{callerParty}.{role}.{Guid.NewGuid():N}".ToLowerInvariant();
        var filer = host.ClientFor(Party.TJ, Role.Supervisor, "tj.filer");
        var c = await filer.CreateAsync();
        if (relation is Relation.OwnPartyCaseAsLead or Relation.OtherPartyCaseAsLead)
        {
            await host.ClientFor(callerParty, Role.Supervisor, $"{callerParty}.assigner".ToLowerInvariant()).Cases
                .AssignInvestigatorAsync(new V1.AssignInvestigatorRequest { Name = c.Name, InvestigatorId = callerId });
        }
        var caller = host.ClientFor(callerParty, role, callerId);

        var outcome = await CallAsync(caller, method, Requests[method](c.Name));

        var access = Permissions.AccessOf(method, role);
        var lead = relation is Relation.OwnPartyCaseAsLead or Relation.OtherPartyCaseAsLead;
        var ownParty = callerParty == Party.TJ;
        var allowed = access switch
        {
            Access.Allowed => true,
            Access.IfLead => lead,
            Access.IfOwnParty => ownParty,
            Access.IfLeadOfOwnParty => lead && ownParty,
            _ => false,
        };
        if (allowed)
        {
            Assert.True(outcome is null || outcome.StatusCode != StatusCode.PermissionDenied,
                $"{method} as {role} ({relation}) should pass authorization but got {outcome?.Status}.");
        }
        else
        {
            Assert.NotNull(outcome);
            Assert.Equal(StatusCode.PermissionDenied, outcome.StatusCode);
            Assert.Equal("ROLE_NOT_ALLOWED", outcome.Reason());
        }
    }

    /// <summary>
    /// Calls the generated client's <c>{Method}Async</c> (for a server stream, reads its first item); null when
    /// the call succeeded.
    /// </summary>
    private static async Task<RpcException?> CallAsync(CaseTrackerClient client, string method, IMessage request)
    {
        if (V1.CaseService.Descriptor.FindMethodByName(method).IsServerStreaming)
        {
            using var stream = (AsyncServerStreamingCall<V1.WatchCaseEventsResponse>)client.Cases.GetType()
                .GetMethod(method, [request.GetType(), typeof(CallOptions)])!
                .Invoke(client.Cases, [request, new CallOptions()])!;
            try
            {
                await stream.ResponseStream.MoveNext(CancellationToken.None);
                return null;
            }
            catch (RpcException error)
            {
                return error;
            }
        }
        var call = client.Cases.GetType().GetMethod(method + "Async", [request.GetType(), typeof(CallOptions)])!
            .Invoke(client.Cases, [request, new CallOptions()])!;
        var response = (Task)call.GetType().GetProperty("ResponseAsync")!.GetValue(call)!;
        try
        {
            await response;
            return null;
        }
        catch (RpcException error)
        {
            return error;
        }
    }
}
