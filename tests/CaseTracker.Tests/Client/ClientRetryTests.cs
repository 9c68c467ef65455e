using System.Diagnostics;
using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Storage;
using Microsoft.Extensions.DependencyInjection;
using CaseTracker.Tests.Support;
using Grpc.Core;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Client;

/// <summary>
/// Retries with a budget: through a fault-injecting handler between the client and the real server, a change with
/// a request_id and a read are tried again on UNAVAILABLE, dropped connections and attempts past their timeout,
/// files one case per request_id, and the whole call ends within its deadline; nothing else is retried.
/// </summary>
public sealed class ClientRetryTests(CaseTrackerHost host) : IClassFixture<CaseTrackerHost>, IDisposable
{
    private readonly CaseTrackerHost _host = host;
    private readonly FaultInjectingHandler _faults = new(host.Server.CreateHandler());

    private CaseTrackerClient Client(TimeSpan? deadline = null, TimeSpan? attemptTimeout = null) => new(new CaseTrackerClientOptions
    {
        Address = _host.Server.BaseAddress,
        TokenProvider = _ => ValueTask.FromResult(_host.TokenFor(Party.TJ, Role.Investigator, "tj.karimova")),
        HttpHandler = _faults,
        InitialBackoff = TimeSpan.FromMilliseconds(20),
        MaxBackoff = TimeSpan.FromMilliseconds(500),
        DefaultDeadline = deadline ?? TimeSpan.FromSeconds(30),
        AttemptTimeout = attemptTimeout ?? TimeSpan.FromSeconds(10),
    });

    private async Task<int> CasesNamedAsync(string name)
    {
        using var reader = _host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");
        var listed = await reader.Cases.ListCasesAsync(new V1.ListCasesRequest { Filter = $"subject.name : \"{name}\"" });
        return listed.Cases.Count;
    }

    [Theory]
    [InlineData(Fault.DropBeforeSend)]
    [InlineData(Fault.DropAfterSend)]
    [InlineData(Fault.BreakTheAnswer)]
    public async Task CreateCase_WhoseConnectionDrops_IsRetriedWithItsRequestId_AndFilesOneCase(Fault fault)
    {
        _faults.Plan = n => n == 1 ? fault : Fault.None;
        using var client = Client();

        var created = await client.Cases.CreateCaseAsync(new V1.CreateCaseRequest { Case = NewCase(latinName: $"DROPPED {fault}".ToUpperInvariant()) });

        Assert.Equal(2, _faults.Requests);
        Assert.Equal(fault == Fault.DropBeforeSend ? 1 : 2, _faults.Delivered);
        Assert.Equal(1, await CasesNamedAsync($"dropped {fault}".ToLowerInvariant()));
        Assert.StartsWith("cases/", created.Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateCase_WhoseAnswerIsHeldPastTheAttemptTimeout_IsRetriedWithinTheDeadline_AndFilesOneCase()
    {
        _faults.Plan = n => n == 1 ? Fault.DelayPastTheDeadline : Fault.None;
        using var client = Client(deadline: TimeSpan.FromSeconds(10), attemptTimeout: TimeSpan.FromSeconds(1));
        var stopwatch = Stopwatch.StartNew();

        await client.Cases.CreateCaseAsync(new V1.CreateCaseRequest { Case = NewCase(latinName: "HELD BACK") });

        Assert.True(_faults.Delivered >= 2, "the held-back attempt was not retried");
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8));
        Assert.Equal(1, await CasesNamedAsync("held back"));
    }

    [Fact]
    public async Task CreateCase_ThroughATenSecondOutage_SucceedsOnce()
    {
        using var client = Client();
        _faults.OutageUntil = DateTime.UtcNow.AddSeconds(10);
        var stopwatch = Stopwatch.StartNew();

        await client.Cases.CreateCaseAsync(new V1.CreateCaseRequest { Case = NewCase(latinName: "THROUGH OUTAGE") });

        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20));
        Assert.Equal(1, _faults.Delivered);
        Assert.Equal(1, await CasesNamedAsync("through outage"));
    }

    [Fact]
    public async Task Call_DuringAnOutageLongerThanItsDeadline_FailsUnavailableWhenTheDeadlineEnds()
    {
        using var client = Client(deadline: TimeSpan.FromSeconds(2));
        _faults.OutageUntil = DateTime.UtcNow.AddMinutes(1);
        var stopwatch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<CaseTrackerException>(() =>
            client.Cases.CreateCaseAsync(new V1.CreateCaseRequest { Case = NewCase() }).ResponseAsync);

        // As with the caller's own deadline: it ends between attempts (UNAVAILABLE) or during one (DEADLINE_EXCEEDED).
        Assert.Contains(error.StatusCode, new[] { StatusCode.Unavailable, StatusCode.DeadlineExceeded });
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(1.2), TimeSpan.FromSeconds(8)); // loose: well below the 30 s default
        Assert.True(_faults.Requests > 1, $"only {_faults.Requests} attempt in the deadline: it was not retried");
    }

    [Fact]
    public async Task Call_WhoseEveryAttemptIsHeldBack_EndsDeadlineExceededAtItsDeadline_NotPerAttempt()
    {
        _faults.Plan = _ => Fault.DelayPastTheDeadline;
        using var client = Client(deadline: TimeSpan.FromSeconds(3), attemptTimeout: TimeSpan.FromSeconds(1));
        var stopwatch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<CaseTrackerException>(() =>
            client.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = "cases/TJ-2026-000001" }).ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(9)); // loose: well below the 30 s default
        Assert.InRange(_faults.Delivered, 2, 3);
    }

    [Fact]
    public async Task CallersOwnDeadline_CoversEveryAttempt()
    {
        using var client = Client();
        _faults.OutageUntil = DateTime.UtcNow.AddMinutes(1);
        var stopwatch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<CaseTrackerException>(() =>
            client.Cases.ListCasesAsync(new V1.ListCasesRequest(), deadline: DateTime.UtcNow.AddSeconds(1)).ResponseAsync);

        // The deadline may end between attempts (the outage's UNAVAILABLE) or during one (DEADLINE_EXCEEDED);
        // either way the call ends at the caller's second, not the default 30 s. Bounds are loose: CI is loaded.
        Assert.Contains(error.StatusCode, new[] { StatusCode.Unavailable, StatusCode.DeadlineExceeded });
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(6), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Read_WhoseConnectionDropsAfterSend_IsRetried()
    {
        using var client = Client();
        var created = await client.CreateAsync();
        _faults.Plan = n => n == 2 ? Fault.BreakTheAnswer : Fault.None;

        var read = await client.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = created.Name });

        Assert.Equal(created.Name, read.Name);
        Assert.Equal(3, _faults.Delivered);
    }

    [Fact]
    public async Task ReadsNotNamedGetListOrWait_WhoseConnectionDropsAfterSend_AreRetried()
    {
        using var client = Client();
        var created = await client.CreateAsync(NewCase(latinName: "RETRIEDOV FARHOD"));
        _faults.Plan = n => n is 2 or 4 ? Fault.BreakTheAnswer : Fault.None;

        var duplicates = await client.Cases.FindPossibleDuplicatesAsync(new V1.FindPossibleDuplicatesRequest { Case = NewCase(latinName: "RETRIEDOV FARHOD") });
        var counted = await client.Cases.CountDeadlinesAsync(new V1.CountDeadlinesRequest { Parent = created.Name });

        Assert.Contains(duplicates.Duplicates, found => found.Case.Name == created.Name);
        Assert.True(counted.Total > 0);
        Assert.Equal(5, _faults.Delivered);
    }

    [Fact]
    public async Task ChangeWithoutRequestId_WhoseConnectionDropsAfterSend_IsNotRetried()
    {
        using var client = Client();
        _faults.Plan = _ => Fault.DropAfterSend;

        var error = await Assert.ThrowsAsync<CaseTrackerException>(() => client.Reconciliations.ProposeReturnedHomeAsync(
            new V1.ProposeReturnedHomeRequest { Parent = "reconciliations/ru-none", Lines = { 1 } }).ResponseAsync);

        Assert.Equal(1, _faults.Requests);
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    [Fact]
    public async Task ChangeWithoutRequestId_KeepsTheWholeDeadline_ForItsOneAttempt()
    {
        _faults.Plan = _ => Fault.DelayPastTheDeadline;
        using var client = Client(deadline: TimeSpan.FromSeconds(3), attemptTimeout: TimeSpan.FromSeconds(1));
        var stopwatch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<CaseTrackerException>(() => client.Reconciliations.ProposeReturnedHomeAsync(
            new V1.ProposeReturnedHomeRequest { Parent = "reconciliations/ru-none", Lines = { 1 } }).ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromSeconds(2.5), $"the one attempt was cut after {stopwatch.Elapsed}");
        Assert.Equal(1, _faults.Requests);
    }

    [Fact]
    public async Task Refusal_IsNotRetried()
    {
        using var client = Client();
        var draft = NewCase();
        draft.Subject.Citizenship = "Tajikistan";

        var error = await Assert.ThrowsAsync<CaseTrackerException>(() => client.Cases.CreateCaseAsync(new V1.CreateCaseRequest { Case = draft }).ResponseAsync);

        Assert.Equal((StatusCode.InvalidArgument, "INVALID_REQUEST"), (error.StatusCode, error.Reason));
        Assert.Equal(1, _faults.Requests);
    }

    [Fact]
    public async Task MaxRetriesZero_TurnsRetriesOff()
    {
        using var client = new CaseTrackerClient(new CaseTrackerClientOptions
        {
            Address = _host.Server.BaseAddress,
            TokenProvider = _ => ValueTask.FromResult(_host.TokenFor(Party.TJ, Role.Investigator, "tj.karimova")),
            HttpHandler = _faults,
            MaxRetries = 0,
        });
        _faults.Plan = _ => Fault.DropBeforeSend;

        var error = await Assert.ThrowsAsync<CaseTrackerException>(() => client.Cases.ListCasesAsync(new V1.ListCasesRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(1, _faults.Requests);
    }

    [Fact]
    public async Task BlockingCall_IsRetriedLikeTheAsynchronousOne()
    {
        _faults.Plan = n => n == 1 ? Fault.DropAfterSend : Fault.None;
        using var client = Client();

        await Task.Run(() => client.Cases.CreateCase(new V1.CreateCaseRequest { Case = NewCase(latinName: "BLOCKING RETRY") }));

        Assert.Equal(2, _faults.Delivered);
        Assert.Equal(1, await CasesNamedAsync("blocking retry"));
    }

    [Fact]
    public async Task RateLimitedCall_WaitsTheDelayTheServerAsks_AndSucceeds()
    {
        using var host = CaseTrackerHost.WithSettings(new Dictionary<string, string> { ["Limits:RequestsPerSecond"] = "1", ["Limits:Burst"] = "1" });
        using var client = host.ClientFor(Party.TJ, Role.Investigator, "tj.busy");
        await client.Cases.ListCasesAsync(new V1.ListCasesRequest());
        var stopwatch = Stopwatch.StartNew();

        var second = await client.Cases.ListCasesAsync(new V1.ListCasesRequest());

        Assert.NotNull(second);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task CreateCase_ThatTheServerEndsDeadlineExceeded_IsRetriedWithItsRequestId_AndLearnsTheOutcome()
    {
        using var host = CaseTrackerHost.WithSettings(new Dictionary<string, string> { ["Limits:MaxCallDuration"] = "00:00:01" });
        using var client = host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");
        await client.CreateAsync(); // warms the host, whose first call also compiles queries
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Hold the writer, so that the change waits longer than the server allows; let it go a little later.
        var held = host.Services.GetRequiredService<BatchingWriter>().WriteAsync(async _ => { await gate.Task; return 0; }, CancellationToken.None);
        _ = Task.Delay(TimeSpan.FromSeconds(1.5)).ContinueWith(_ => gate.SetResult(), TaskScheduler.Default);

        var created = await client.Cases.CreateCaseAsync(new V1.CreateCaseRequest { Case = NewCase(latinName: "SLOW CASE") });
        await held;

        var listed = await client.Cases.ListCasesAsync(new V1.ListCasesRequest { Filter = "subject.name : \"slow case\"" });
        Assert.Equal(created.Name, Assert.Single(listed.Cases).Name);
    }

    public void Dispose() => _faults.Dispose();
}
