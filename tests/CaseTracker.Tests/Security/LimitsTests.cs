using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Storage;
using CaseTracker.Tests.Support;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Security;

/// <summary>Per-caller rate limits and the server's own maximum call duration.</summary>
public sealed class LimitsTests
{
    private static CaseTrackerClient WithoutRetries(CaseTrackerHost host, string id) => new(new CaseTrackerClientOptions
    {
        Address = host.Server.BaseAddress,
        TokenProvider = _ => ValueTask.FromResult(host.TokenFor(Party.TJ, Role.Investigator, id)),
        HttpHandler = host.Server.CreateHandler(),
        MaxRetries = 0,
    });

    [Fact]
    public async Task Caller_OverItsTokenBucket_IsResourceExhaustedWithRetryInfo_AndOthersAreNotAffected()
    {
        using var host = CaseTrackerHost.WithSettings(new Dictionary<string, string>
        {
            ["Limits:RequestsPerSecond"] = "1",
            ["Limits:Burst"] = "3",
        });
        using var busy = WithoutRetries(host, "tj.busy"); // the client library would wait the RetryInfo delay and retry
        var other = host.ClientFor(Party.TJ, Role.Investigator, "tj.other");
        await other.Cases.ListCasesAsync(new V1.ListCasesRequest()); // warms the host: a slow first call would refill the bucket

        for (var i = 0; i < 3; i++)
        {
            await busy.Cases.ListCasesAsync(new V1.ListCasesRequest());
        }
        var error = await RefusedAsync(() => busy.Cases.ListCasesAsync(new V1.ListCasesRequest()).ResponseAsync);
        var unaffected = await other.Cases.ListCasesAsync(new V1.ListCasesRequest());

        AssertStatus(error, StatusCode.ResourceExhausted, "RATE_LIMITED");
        var retry = error.GetRpcStatus()!.GetDetail<RetryInfo>();
        Assert.NotNull(retry);
        Assert.InRange(retry.RetryDelay.ToTimeSpan(), TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(2));
        Assert.NotNull(unaffected);
    }

    [Fact]
    public async Task Call_RunningLongerThanTheServerAllows_IsDeadlineExceeded_AndARetryLearnsTheOutcome()
    {
        using var host = CaseTrackerHost.WithSettings(new Dictionary<string, string> { ["Limits:MaxCallDuration"] = "00:00:01" });
        using var client = WithoutRetries(host, "tj.karimova"); // the client library would retry DEADLINE_EXCEEDED itself
        try
        {
            await client.CreateAsync(); // the first call of a new host also compiles queries
        }
        catch (RpcException)
        {
            // a cold start may itself outlast the limit
        }
        await client.CreateAsync();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Hold the writer so that the next change waits longer than the server's limit.
        var held = host.Services.GetRequiredService<BatchingWriter>().WriteAsync(async _ => { await gate.Task; return 0; }, CancellationToken.None);
        var request = new V1.CreateCaseRequest { Case = NewCase(latinName: "SLOW CASE"), RequestId = Guid.NewGuid().ToString() };

        var error = await RefusedAsync(() => client.Cases.CreateCaseAsync(request).ResponseAsync);
        gate.SetResult();
        await held;
        var retried = await client.Cases.CreateCaseAsync(request);

        AssertStatus(error, StatusCode.DeadlineExceeded, "DEADLINE_EXCEEDED");
        Assert.Equal("SLOW CASE", retried.Subject.NameLatin);
        var listed = await client.Cases.ListCasesAsync(new V1.ListCasesRequest { Filter = "subject.name : \"slow case\"" });
        Assert.Single(listed.Cases);
    }
}
