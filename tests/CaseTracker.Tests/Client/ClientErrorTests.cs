using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using Grpc.Core;
using static CaseTracker.Tests.Support.Drafts;
using static CaseTracker.Tests.Support.PersonLists;

namespace CaseTracker.Tests.Client;

/// <summary>
/// One exception type on every path — unary, blocking, streams, import, download — and the caller's cancellation
/// always an <see cref="OperationCanceledException"/> carrying the caller's token, never wrapped.
/// </summary>
public sealed class ClientErrorTests : IClassFixture<CaseTrackerHost>, IDisposable
{
    private readonly CaseTrackerHost _host;
    private readonly FaultInjectingHandler _faults;
    private readonly CaseTrackerClient _investigator;
    private readonly CaseTrackerClient _ministry;

    public ClientErrorTests(CaseTrackerHost host)
    {
        _host = host;
        _faults = new FaultInjectingHandler(_host.Server.CreateHandler());
        _investigator = ClientAs(Role.Investigator, "tj.karimova");
        _ministry = ClientAs(Role.MinistrySystem, "tj.mlme");
    }

    private CaseTrackerClient ClientAs(Role role, string id) => new(new CaseTrackerClientOptions
    {
        Address = _host.Server.BaseAddress,
        TokenProvider = _ => ValueTask.FromResult(_host.TokenFor(Party.TJ, role, id)),
        HttpHandler = _faults,
        InitialBackoff = TimeSpan.FromMilliseconds(50),
    });

    private static async Task AssertCancelledByTheCallerAsync(CancellationTokenSource cancel, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<OperationCanceledException>(call); // exactly: not wrapped, not a TaskCanceledException
        Assert.Equal(cancel.Token, error.CancellationToken);
    }

    [Fact]
    public async Task WatchAsync_RefusedByTheServer_FailsWithCaseTrackerException()
    {
        var error = await Assert.ThrowsAsync<CaseTrackerException>(async () =>
        {
            await foreach (var _ in _investigator.WatchAsync(0, filter: new V1.WatchCaseEventsRequest { Case = "not a case name" }))
            {
            }
        });

        Assert.Equal((StatusCode.InvalidArgument, "INVALID_REQUEST"), (error.StatusCode, error.Reason));
    }

    [Fact]
    public async Task GeneratedStream_RefusedByTheServer_FailsWithCaseTrackerException()
    {
        using var call = _investigator.Cases.WatchCaseEvents(new V1.WatchCaseEventsRequest { Case = "not a case name" });

        var error = await Assert.ThrowsAsync<CaseTrackerException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task ImportPersonListAsync_RefusedByTheServer_FailsWithCaseTrackerException()
    {
        var error = await Assert.ThrowsAsync<CaseTrackerException>(() =>
            _investigator.ImportPersonListAsync(Header("not-mine"), [Person(1, "SAIDOV", "ANVAR", "1991-01-01")]));

        Assert.Equal((StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED"), (error.StatusCode, error.Reason));
    }

    [Fact]
    public async Task DownloadReviewAsync_OfAMissingReview_FailsWithCaseTrackerException()
    {
        var folder = Path.Combine(_host.DataDirectory, "download");

        var error = await Assert.ThrowsAsync<CaseTrackerException>(() => _investigator.DownloadReviewAsync("reviews/2026-10", folder));

        Assert.Equal((StatusCode.NotFound, "REVIEW_NOT_FOUND"), (error.StatusCode, error.Reason));
    }

    [Fact]
    public async Task UnaryCall_CancelledByTheCaller_IsOperationCanceled()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await AssertCancelledByTheCallerAsync(cancel, () => _investigator.Cases.ListCasesAsync(new V1.ListCasesRequest(), cancellationToken: cancel.Token).ResponseAsync);
    }

    [Fact]
    public async Task UnaryCall_CancelledWhileWaitingToRetry_IsOperationCanceled()
    {
        _faults.OutageUntil = DateTime.UtcNow.AddMinutes(1);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await AssertCancelledByTheCallerAsync(cancel, () => _investigator.Cases.ListCasesAsync(new V1.ListCasesRequest(), cancellationToken: cancel.Token).ResponseAsync);
    }

    [Fact]
    public async Task BlockingCall_CancelledByTheCaller_IsOperationCanceled()
    {
        _faults.OutageUntil = DateTime.UtcNow.AddMinutes(1);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await AssertCancelledByTheCallerAsync(cancel, () => Task.Run(() => _investigator.Cases.ListCases(new V1.ListCasesRequest(), cancellationToken: cancel.Token)));
    }

    [Fact]
    public async Task WatchAsync_CancelledByTheCaller_IsOperationCanceled_WhetherReadingOrWaitingToReconnect()
    {
        await _investigator.CreateAsync();
        using var reading = new CancellationTokenSource();
        using var reconnecting = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        await AssertCancelledByTheCallerAsync(reading, async () =>
        {
            await foreach (var _ in _investigator.WatchAsync(0, reading.Token))
            {
                await reading.CancelAsync(); // the feed stays open, waiting for the next event
            }
        });
        _faults.OutageUntil = DateTime.UtcNow.AddMinutes(1);
        await AssertCancelledByTheCallerAsync(reconnecting, async () =>
        {
            await foreach (var _ in _investigator.WatchAsync(0, reconnecting.Token))
            {
            }
        });
    }

    [Fact]
    public async Task ImportPersonListAsync_CancelledByTheCaller_IsOperationCanceled()
    {
        using var cancel = new CancellationTokenSource();
        var records = Enumerable.Range(1, 3_000).Select(i => Person(i, "SAIDOV", "ANVAR", "1991-01-01")).ToList();
        var cancelAfterTheFirstMessage = new SynchronousProgress(_ => cancel.Cancel());

        await AssertCancelledByTheCallerAsync(cancel, () => _ministry.ImportPersonListAsync(Header("cancelled-" + Guid.NewGuid().ToString("N")[..8]), records, cancelAfterTheFirstMessage, cancel.Token));
    }

    [Fact]
    public async Task DownloadReviewAsync_CancelledByTheCaller_IsOperationCanceled()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await AssertCancelledByTheCallerAsync(cancel, () => _investigator.DownloadReviewAsync("reviews/2026-10", _host.DataDirectory, cancel.Token));
    }

    /// <summary>Reports on the caller's thread, at once (<see cref="Progress{T}"/> would post it).</summary>
    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }

    public void Dispose()
    {
        _investigator.Dispose();
        _ministry.Dispose();
        _faults.Dispose();
    }
}
