using System.Collections.Concurrent;
using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using static CaseTracker.Tests.Support.PersonLists;

namespace CaseTracker.Tests.Client;

/// <summary>
/// A watch that operators can see — growing jittered reconnect delays, each reconnect told and logged, an optional
/// give-up deadline — and an import that resumes from the count of records the server holds, with progress.
/// </summary>
public sealed class WatchAndImportTests : IDisposable
{
    private readonly CaseTrackerHost _host = new();
    private readonly FaultInjectingHandler _faults;
    private readonly CapturingLoggerProvider _clientLogs = new();
    private readonly ILoggerFactory _loggerFactory;

    public WatchAndImportTests()
    {
        _faults = new FaultInjectingHandler(_host.Server.CreateHandler());
        _loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(_clientLogs).SetMinimumLevel(LogLevel.Trace));
    }

    private CaseTrackerClient Client(Role role, string id) => new(new CaseTrackerClientOptions
    {
        Address = _host.Server.BaseAddress,
        TokenProvider = _ => ValueTask.FromResult(_host.TokenFor(Party.TJ, role, id)),
        HttpHandler = _faults,
        InitialBackoff = TimeSpan.FromMilliseconds(50),
        LoggerFactory = _loggerFactory,
    });

    [Fact]
    public async Task WatchAsync_ThroughAnOutage_ReconnectsWithGrowingJitteredDelays_TellsAndLogsEach_AndResumesWithoutGapOrDuplicate()
    {
        using var watcher = Client(Role.Investigator, "tj.watcher");
        var filer = _host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova"); // not through the faults
        await filer.CreateAsync();
        var perCase = await filer.ListAllCaseEventsAsync(new V1.ListCaseEventsRequest()).CountAsync();
        var reconnects = new ConcurrentQueue<WatchReconnect>();
        var options = new WatchOptions
        {
            InitialReconnectDelay = TimeSpan.FromMilliseconds(100),
            MaxReconnectDelay = TimeSpan.FromSeconds(1),
            OnReconnecting = reconnects.Enqueue,
        };
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = new List<long>();

        await foreach (var e in watcher.WatchAsync(0, options, stop.Token))
        {
            seen.Add(e.Sequence);
            if (seen.Count == perCase)
            {
                _faults.OutageUntil = DateTime.UtcNow.AddSeconds(2);
                _faults.CutTheCallInFlight();
                await filer.CreateAsync();
                await filer.CreateAsync();
            }
            if (seen.Count == 3 * perCase)
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Range(1, 3 * perCase).Select(i => (long)i), seen);
        var told = reconnects.ToList();
        Assert.True(told.Count >= 3, $"{told.Count} reconnects told in a two-second outage");
        for (var i = 0; i < told.Count; i++)
        {
            var nominal = Math.Min(100 * Math.Pow(2, i), 1_000);
            Assert.Equal(i + 1, told[i].Attempt);
            Assert.InRange(told[i].Delay.TotalMilliseconds, nominal * 0.5, nominal * 1.5);
            Assert.Equal(perCase, told[i].AfterSequence);
        }
        Assert.True(told.Select(r => r.Delay).Distinct().Count() > 1, "the delays are not jittered");
        Assert.Equal(StatusCode.Unavailable, told[0].Error?.StatusCode);
        Assert.Equal(told.Count, _clientLogs.Lines.Count(line => line.Contains("The change feed broke with Unavailable", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task WatchAsync_WithAGiveUpDeadline_FailsUnavailableOnceTheFeedHasNotWorkedThatLong()
    {
        using var watcher = Client(Role.Investigator, "tj.watcher");
        _faults.OutageUntil = DateTime.UtcNow.AddMinutes(5);
        var options = new WatchOptions { InitialReconnectDelay = TimeSpan.FromMilliseconds(100), GiveUpAfter = TimeSpan.FromSeconds(1) };
        var started = DateTime.UtcNow;

        var error = await Assert.ThrowsAsync<CaseTrackerException>(async () =>
        {
            await foreach (var _ in watcher.WatchAsync(0, options))
            {
            }
        });

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ImportPersonListAsync_CutMidway_ResumesFromTheRecordsTheServerHolds_AndStoresEachOnce()
    {
        using var ministry = Client(Role.MinistrySystem, "tj.mlme");
        var reader = _host.ClientFor(Party.TJ, Role.MinistrySystem, "tj.reader"); // not through the faults
        var records = Enumerable.Range(1, 3_000).Select(i => Person(i, "SAIDOV", $"ANVAR{i}", "1991-01-01")).ToList();
        var reported = new List<long>();
        var cut = false;
        var progress = new SynchronousProgress(sent =>
        {
            reported.Add(sent);
            if (sent == 2_000 && !cut)
            {
                cut = true;
                WaitUntilHeld(reader, "reconciliations/tj-cut-midway", 2_000);
                _faults.CutTheCallInFlight();
            }
        });

        var operation = await ministry.ImportPersonListAsync(Header("cut-midway"), records, progress);

        var reconciliation = operation.Response.Unpack<V1.Reconciliation>();
        Assert.Equal((3_000, V1.Reconciliation.Types.State.Done), (reconciliation.Records, reconciliation.State));
        Assert.Equal([1_000, 2_000, 2_000, 3_000], reported); // after the cut: from the 2,000 the server held, not from 0
        Assert.Contains(_clientLogs.Lines, line => line.Contains("The import cut-midway broke with", StringComparison.Ordinal) && line.Contains("holds 2000 records", StringComparison.Ordinal));
    }

    /// <summary>Blocks the import's own progress report until the server holds the records sent so far.</summary>
    private static void WaitUntilHeld(CaseTrackerClient reader, string name, long records) =>
        Task.Run(() => reader.WaitForRecordsAsync(name, records)).Wait();

    /// <summary>Reports on the caller's thread, at once (<see cref="Progress{T}"/> would post it).</summary>
    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }

    public void Dispose()
    {
        _loggerFactory.Dispose();
        _faults.Dispose();
        _host.Dispose();
    }
}
