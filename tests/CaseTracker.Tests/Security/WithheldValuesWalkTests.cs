using System.Text;
using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using static CaseTracker.Tests.Support.Drafts;
using static CaseTracker.Tests.Support.PersonLists;

namespace CaseTracker.Tests.Security;

/// <summary>
/// Walks every RPC of the contract as each role of the other party, on a Tajik case whose subject gave no consent
/// to share and on Tajikistan's list that matched it, and searches every response's bytes — messages, streamed
/// items, error details — for the withheld values. The RPCs come from the contract's descriptors, so a new RPC
/// without a call here fails.
/// </summary>
/// <remarks>Co-chairs are not walked: they see both parties' data by the rule (and are recorded in the disclosure log).</remarks>
public sealed class WithheldValuesWalkTests : IDisposable
{
    private const string Passport = "TJ4242LEAK";
    private const string Phone = "+992 00 424 2424";
    private const string Email = "withheld.4242@example.tj";
    private const string Address = "42 Withheld Street, Dushanbe";
    private const string StrangerPassport = "PXSTRANGER9";

    private static readonly string[] WithheldValues = [Passport, Phone, Email, Address, StrangerPassport];

    private static readonly ServiceDescriptor[] Services =
        [V1.CaseService.Descriptor, V1.ReconciliationService.Descriptor, V1.OperationService.Descriptor, V1.ReviewService.Descriptor];

    private readonly CaseTrackerHost _host = new();
    private readonly CaseTrackerClient _tjSupervisor;

    public WithheldValuesWalkTests() => _tjSupervisor = _host.ClientFor(Party.TJ, Role.Supervisor, "tj.nazarov");

    public void Dispose() => _host.Dispose();

    private static V1.Case Draft()
    {
        var draft = NewCase(latinName: "WITHHELD TESTBEK", russianName: "", tajikName: "");
        draft.Subject.PassportNumber = Passport;
        draft.Subject.Contact = new V1.ContactDetails { Phone = Phone, Email = Email, Address = Address };
        return draft;
    }

    /// <summary>A Tajik case in the stage <paramref name="method"/> needs, led for Russia by <paramref name="ruLead"/>, with a note.</summary>
    private async Task<V1.Case> CaseForAsync(string method, string ruLead)
    {
        var c = await _tjSupervisor.CreateAsync(Draft());
        await _host.ClientFor(Party.RU, Role.Supervisor, "ru.assigner").Cases
            .AssignInvestigatorAsync(new V1.AssignInvestigatorRequest { Name = c.Name, InvestigatorId = ruLead });
        await _tjSupervisor.Cases.CreateNoteAsync(new V1.CreateNoteRequest { Parent = c.Name, Note = new V1.Note { Text = "Called the family." } });
        var cases = _tjSupervisor.Cases;
        if (method is "RequestResponse" or "ProposeResolution" or "RecordResponse" or "ReturnToInvestigation" or "SignOffResolution" or "ReopenCase")
        {
            await cases.StartInvestigationAsync(new V1.StartInvestigationRequest { Name = c.Name });
        }
        if (method == "RecordResponse")
        {
            await cases.RequestResponseAsync(new V1.RequestResponseRequest { Name = c.Name, Party = V1.Party.Ru, Awaited = "The file" });
        }
        if (method is "ReturnToInvestigation" or "SignOffResolution" or "ReopenCase")
        {
            await cases.ProposeResolutionAsync(new V1.ProposeResolutionRequest { Name = c.Name, Findings = "Left in 2024.", Outcome = V1.Outcome.AlreadyReturnedHome });
        }
        if (method == "ReopenCase")
        {
            await _host.ClientFor(Party.RU, Role.Supervisor, "ru.signer").Cases.SignOffResolutionAsync(new V1.SignOffResolutionRequest { Name = c.Name });
            await cases.SignOffResolutionAsync(new V1.SignOffResolutionRequest { Name = c.Name });
        }
        return c;
    }

    /// <summary>Tajikistan's returned-home list: line 1 is the case's subject (same passport), line 2 a stranger.</summary>
    private async Task<V1.Operation> TajikListAsync() =>
        await _host.ClientFor(Party.TJ, Role.MinistrySystem, "tj.mlme").ImportPersonListAsync(Header("tj-walk", V1.PersonListKind.ReturnedHomeList),
            [Person(1, "WITHHELD", "TESTBEK", "1990-04-12", Passport), Person(2, "NOSIROV", "BAHROM", "1961-07-30", StrangerPassport)]);

    /// <summary>Tajikistan's registry snapshots: the first lists the case's subject, the second drops them (a change whose record is theirs).</summary>
    private async Task<string> TajikSnapshotsAsync()
    {
        var registry = _host.ClientFor(Party.TJ, Role.MinistrySystem, "tj.registry");
        V1.PersonListHeader Snapshot(string id, int day) => new()
        {
            ImportId = id, Kind = V1.PersonListKind.RegistrySnapshot, AsOfTime = Timestamp.FromDateTime(new DateTime(2026, 11, day, 0, 0, 0, DateTimeKind.Utc)),
        };
        await registry.ImportPersonListAsync(Snapshot("tj-walk-registry-1", 1), [Person(1, "WITHHELD", "TESTBEK", "1990-04-12", Passport)]);
        var second = await registry.ImportPersonListAsync(Snapshot("tj-walk-registry-2", 2), [Person(1, "NOSIROV", "BAHROM", "1961-07-30", StrangerPassport)]);
        return second.Response.Unpack<V1.Reconciliation>().Name;
    }

    /// <summary>
    /// Every RPC's request: CaseService's on the case given, the others on Tajikistan's list and its operation, and the
    /// changes on Tajikistan's second registry snapshot.
    /// </summary>
    private static Dictionary<string, Func<string, IMessage>> Requests(string reconciliation, string operation, string snapshot) => new(CaseServiceRequests.OnCase, StringComparer.Ordinal)
    {
        ["ListReconciliationChanges"] = _ => new V1.ListReconciliationChangesRequest { Parent = snapshot, PageSize = 500 },
        ["DownloadReconciliationChanges"] = _ => new V1.DownloadReconciliationChangesRequest { Parent = snapshot },
        ["GetReconciliation"] = _ => new V1.GetReconciliationRequest { Name = reconciliation },
        ["ListReconciliationResults"] = _ => new V1.ListReconciliationResultsRequest { Parent = reconciliation, PageSize = 500 },
        ["DownloadReconciliationResults"] = _ => new V1.DownloadReconciliationResultsRequest { Parent = reconciliation },
        ["DecideMatch"] = _ => new V1.DecideMatchRequest { Name = $"{reconciliation}/records/1", Decision = V1.MatchDecision.Reject, Reason = "Not him." },
        ["OpenCasesForRecords"] = _ => new V1.OpenCasesForRecordsRequest
        {
            Parent = reconciliation,
            Records = { new V1.RecordSelection { Line = 2, RequestId = Guid.NewGuid().ToString() } },
            Template = new V1.CaseTemplate { IntakeChannel = V1.IntakeChannel.Hotline, EnforcementActionType = V1.EnforcementActionType.ExpulsionOrder },
        },
        ["ProposeReturnedHome"] = _ => new V1.ProposeReturnedHomeRequest { Parent = reconciliation, Lines = { 1, 2 } },
        ["GetOperation"] = _ => new V1.GetOperationRequest { Name = operation },
        ["ListOperations"] = _ => new V1.ListOperationsRequest { PageSize = 500 },
        ["WaitOperation"] = _ => new V1.WaitOperationRequest { Name = operation },
        ["CreateMonthlyReview"] = _ => new V1.CreateMonthlyReviewRequest { Month = "2026-01" },
        ["GetMonthlyReview"] = _ => new V1.GetMonthlyReviewRequest { Name = "reviews/2026-01" },
        ["ListMonthlyReviews"] = _ => new V1.ListMonthlyReviewsRequest(),
        ["DownloadMonthlyReview"] = _ => new V1.DownloadMonthlyReviewRequest { Name = "reviews/2026-01" },
        ["SignOffMonthlyReview"] = _ => new V1.SignOffMonthlyReviewRequest { Name = "reviews/2026-01", ManifestSha256 = new string('0', 64) },
    };

    [Fact]
    public void EveryRpcOfTheContract_HasACallInThisWalk()
    {
        var requests = Requests("reconciliations/x", "operations/x", "reconciliations/y");
        foreach (var method in Services.SelectMany(s => s.Methods).Where(m => !m.IsClientStreaming))
        {
            Assert.True(requests.ContainsKey(method.Name), $"{method.Service.Name}.{method.Name} has no call in this walk.");
        }
    }

    [Theory]
    [InlineData(Role.Investigator)]
    [InlineData(Role.Supervisor)]
    [InlineData(Role.MinistrySystem)]
    [InlineData(Role.Auditor)]
    public async Task EveryRpc_AsTheOtherPartyWithoutConsent_ReturnsNoWithheldValueAnywhereInItsBytes(Role role)
    {
        var ruId = $"ru.{role}.walker".ToLowerInvariant();
        var list = await TajikListAsync();
        var requests = Requests(list.Response.Unpack<V1.Reconciliation>().Name, list.Name, await TajikSnapshotsAsync());
        var ru = _host.ClientFor(Party.RU, role, ruId);
        var filer = await CaseForAsync("GetCase", ruId);
        var leaks = new List<string>();

        foreach (var method in Services.SelectMany(s => s.Methods))
        {
            var c = await CaseForAsync(method.Name, ruId);
            var responses = method.IsClientStreaming
                ? [await ImportAsync(ru)]
                : await CallAsync(ru, method, requests[method.Name](c.Name));
            leaks.AddRange(responses.SelectMany(bytes => WithheldValues.Where(v => Contains(bytes, v)).Select(v => $"{method.Name}: {v}")));
        }
        var asFiler = await CallAsync(_tjSupervisor, V1.CaseService.Descriptor.FindMethodByName("GetCase"), new V1.GetCaseRequest { Name = filer.Name });

        Assert.Empty(leaks);
        Assert.All(new[] { Passport, Phone, Email, Address }, v => Assert.True(Contains(asFiler.Single(), v), $"the filing party should see {v}: the search would find it"));
    }

    /// <summary>The caller's own party's list: ImportPersonList is the one client-streaming RPC.</summary>
    private static async Task<byte[]> ImportAsync(CaseTrackerClient ru)
    {
        try
        {
            return (await ru.ImportPersonListAsync(Header("ru-walk"), [Person(1, "WITHHELD", "TESTBEK", "1990-04-12", "RU000001")])).ToByteArray();
        }
        catch (RpcException error)
        {
            return ErrorBytes(error);
        }
    }

    /// <summary>Every byte the call brought back: the response, each streamed item (a watch until it falls quiet), or the error with its details.</summary>
    private static async Task<List<byte[]>> CallAsync(CaseTrackerClient client, MethodDescriptor method, IMessage request)
    {
        var stub = method.Service.Name switch
        {
            "CaseService" => (object)client.Cases,
            "ReconciliationService" => client.Reconciliations,
            "OperationService" => client.Operations,
            _ => client.Reviews,
        };
        var bytes = new List<byte[]>();
        using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(method.Name == "WatchCaseEvents" ? 1 : 30));
        var options = new CallOptions(cancellationToken: quiet.Token);
        try
        {
            if (method.IsServerStreaming)
            {
                var stream = stub.GetType().GetMethod(method.Name, [request.GetType(), typeof(CallOptions)])!.Invoke(stub, [request, options])!;
                using var disposing = (IDisposable)stream;
                var reader = stream.GetType().GetProperty("ResponseStream")!.GetValue(stream)!;
                var readerType = typeof(IAsyncStreamReader<>).MakeGenericType(method.OutputType.ClrType);
                while (await (Task<bool>)readerType.GetMethod("MoveNext")!.Invoke(reader, [CancellationToken.None])!)
                {
                    bytes.Add(((IMessage)readerType.GetProperty("Current")!.GetValue(reader)!).ToByteArray());
                }
            }
            else
            {
                var call = stub.GetType().GetMethod(method.Name + "Async", [request.GetType(), typeof(CallOptions)])!.Invoke(stub, [request, options])!;
                var response = (Task)call.GetType().GetProperty("ResponseAsync")!.GetValue(call)!;
                await response;
                bytes.Add(((IMessage)response.GetType().GetProperty("Result")!.GetValue(response)!).ToByteArray());
            }
        }
        catch (RpcException error)
        {
            bytes.Add(ErrorBytes(error));
        }
        catch (OperationCanceledException) when (method.Name == "WatchCaseEvents")
        {
            // The watch fell quiet (the client library reports the cancellation as such): what it streamed until then is in `bytes`.
        }
        return bytes;
    }

    private static byte[] ErrorBytes(RpcException error) =>
        [.. Encoding.UTF8.GetBytes(error.Status.Detail), .. error.Trailers.SelectMany(t => t.IsBinary ? t.ValueBytes : Encoding.UTF8.GetBytes(t.Value))];

    private static bool Contains(byte[] bytes, string value) => bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)) >= 0;
}
