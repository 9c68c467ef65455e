using CaseTracker.Client;
using CaseTracker.Client.Audit;
using CaseTracker.Server.Audit;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Deadlines;
using CaseTracker.Server.Storage;
using CaseTracker.Tests.Support;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.ScaleOut;

/// <summary>
/// Two server nodes on one PostgreSQL database, driven at the same time through the client library: the record
/// stays one — no lost or duplicated case, one gap-free hash-chained log, replays and etags whichever node a
/// retry reaches, a watcher on one node sees the other's events, and each escalation happens once.
/// </summary>
public sealed class TwoNodeTests : IDisposable
{
    // Monday 2 March 2026, 09:00 UTC.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "casetracker-tests", Guid.NewGuid().ToString("N"));
    private readonly CaseTrackerHost _nodeA;
    private readonly CaseTrackerHost _nodeB;

    public TwoNodeTests()
    {
        // Both nodes read the same keys (tokens, page tokens) from the shared folder and the same database.
        _nodeA = CaseTrackerHost.OnDataDirectory(_dataDirectory, clock: _clock);
        _ = _nodeA.Server;
        _nodeB = CaseTrackerHost.OnDataDirectory(_dataDirectory, clock: _clock);
        _ = _nodeB.Server;
    }

    private CaseTrackerClient On(CaseTrackerHost node, string id = "tj.karimova") => node.ClientFor(Party.TJ, Role.Investigator, id);

    private async Task<List<V1.CaseEvent>> AllEventsAsync()
    {
        var events = new List<V1.CaseEvent>();
        await foreach (var e in On(_nodeA).ListAllCaseEventsAsync(new V1.ListCaseEventsRequest { PageSize = 500 }))
        {
            events.Add(e);
        }
        return events;
    }

    [PostgresFact]
    public async Task TwoNodesWritingAtOnce_KeepEveryCaseOnceAndOneGapFreeVerifiableLog()
    {
        const int workersPerNode = 8, casesPerWorker = 5;
        var watcherSeen = new List<long>();
        using var stopWatching = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            await foreach (var e in On(_nodeB, "tj.watcher").WatchAsync(0, stopWatching.Token))
            {
                watcherSeen.Add(e.Sequence);
            }
        });

        var work = new[] { _nodeA, _nodeB }.SelectMany(node => Enumerable.Range(0, workersPerNode).Select(worker => Task.Run(async () =>
        {
            var client = On(node);
            var other = On(node == _nodeA ? _nodeB : _nodeA);
            var names = new List<string>();
            for (var i = 0; i < casesPerWorker; i++)
            {
                var created = await client.CreateAsync();
                // The next step of the same case goes to the other node.
                await other.Cases.StartInvestigationAsync(new V1.StartInvestigationRequest { Name = created.Name, Etag = created.Etag });
                names.Add(created.Name);
            }
            return names;
        }))).ToList();
        var names = (await Task.WhenAll(work)).SelectMany(n => n).ToList();

        var events = await AllEventsAsync();
        var total = 2 * workersPerNode * casesPerWorker;
        Assert.Equal(total, names.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, total).Select(n => $"cases/tf-2026-{n:D6}"), names.Order(StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(1, 2 * total).Select(n => (long)n), events.Select(e => e.Sequence));

        await using (var db = await _nodeB.Services.GetRequiredService<IDbContextFactory<CaseTrackerDbContext>>().CreateDbContextAsync())
        {
            var export = new StringWriter();
            await LogExporter.ExportAsync(db, export, CancellationToken.None);
            var verified = new LogVerifier(new Dictionary<V1.Party, System.Security.Cryptography.ECDsa>()).Verify(LogVerifier.ReadExport(export.ToString().Split('\n')));
            Assert.True(verified.IsIntact, verified.Problem);
            Assert.Equal(2L * total, verified.Events);
        }

        for (var waited = 0; watcherSeen.Count < 2 * total && waited < 100; waited++)
        {
            await Task.Delay(100);
        }
        await stopWatching.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watcher);
        Assert.Equal(Enumerable.Range(1, 2 * total).Select(n => (long)n), watcherSeen);
    }

    [PostgresFact]
    public async Task ARetryOnTheOtherNode_ReplaysTheFirstAnswer_AndAStaleEtagIsRefusedOnEither()
    {
        var request = new V1.CreateCaseRequest { Case = NewCase(), RequestId = Guid.NewGuid().ToString() };

        var first = await On(_nodeA).Cases.CreateCaseAsync(request);
        var retried = await On(_nodeB).Cases.CreateCaseAsync(request);

        Assert.Equal(first, retried);
        Assert.Single(await AllEventsAsync());

        await On(_nodeA).Cases.StartInvestigationAsync(new V1.StartInvestigationRequest { Name = first.Name, Etag = first.Etag });
        var stale = await RefusedAsync(() => On(_nodeB).Cases.RequestResponseAsync(new V1.RequestResponseRequest
        {
            Name = first.Name, Etag = first.Etag, Party = V1.Party.Ru, Awaited = "The file",
        }).ResponseAsync);
        AssertStatus(stale, StatusCode.Aborted, "ETAG_MISMATCH");
    }

    [PostgresFact]
    public async Task TheScanRunningOnBothNodesAtOnce_WarnsAndEscalatesEachClockOnce()
    {
        for (var i = 0; i < 12; i++)
        {
            await On(i % 2 == 0 ? _nodeA : _nodeB).CreateAsync();
        }
        // Three working days for intake: a week and a half later every clock is past due and past the co-chair delay.
        _clock.Advance(TimeSpan.FromDays(10));

        for (var round = 0; round < 3; round++)
        {
            await Task.WhenAll(
                _nodeA.Services.GetRequiredService<EscalateDueDeadlinesJob>().RunAsync(CancellationToken.None),
                _nodeB.Services.GetRequiredService<EscalateDueDeadlinesJob>().RunAsync(CancellationToken.None));
        }

        var steps = (await AllEventsAsync())
            .Where(e => e.Type is V1.CaseEventType.DeadlineWarned or V1.CaseEventType.DeadlineEscalated)
            .GroupBy(e => (e.Case, e.Type, e.Payload))
            .ToList();
        Assert.Equal(24, steps.Count); // per case: the breach (level 1) and the escalation to the co-chairs (level 2)
        Assert.All(steps, step => Assert.Single(step));
    }

    [PostgresFact]
    public async Task TheSameListImportedOnBothNodesAtOnce_StoresAndCountsEachRecordOnce()
    {
        var records = Enumerable.Range(1, 3_000)
            .Select(i => PersonLists.Person(i, "SAIDOV", "ANVAR", $"19{60 + (i % 40):D2}-01-{1 + (i % 28):D2}", $"P{i:D8}")).ToList();
        var onA = _nodeA.ClientFor(Party.RU, Role.MinistrySystem, "ru.mvd");
        var onB = _nodeB.ClientFor(Party.RU, Role.MinistrySystem, "ru.mvd");

        await Task.WhenAll(onA.ImportPersonListAsync(PersonLists.Header("twice"), records), onB.ImportPersonListAsync(PersonLists.Header("twice"), records));

        var reconciliation = await onA.Reconciliations.GetReconciliationAsync(new V1.GetReconciliationRequest { Name = "reconciliations/ru-twice" });
        Assert.Equal((V1.Reconciliation.Types.State.Done, 3_000L, 3_000L),
            (reconciliation.State, reconciliation.Records, reconciliation.OutcomeCounts["RECONCILIATION_OUTCOME_NO_MATCH"]));
    }

    [PostgresFact]
    public async Task AReturnedHomeListExtendedOnOneNode_IsMatchedInFullOnTheNodeThatIndexedItBefore()
    {
        var tjOnA = _nodeA.ClientFor(Party.TJ, Role.MinistrySystem, "tj.migration");
        var tjOnB = _nodeB.ClientFor(Party.TJ, Role.MinistrySystem, "tj.migration");
        var ruOnA = _nodeA.ClientFor(Party.RU, Role.MinistrySystem, "ru.mvd");
        var home = PersonLists.Header("home", V1.PersonListKind.ReturnedHomeList);
        V1.PersonRecord[] returned = [PersonLists.Person(1, "Раҳмонов", "Фарруҳ", "1990-04-12", "400123456"), PersonLists.Person(2, "Қодиров", "Сино", "1985-01-03", "400654321")];
        await tjOnA.ImportPersonListAsync(home, returned[..1]);
        await ruOnA.ImportPersonListAsync(PersonLists.Header("first"), [PersonLists.Person(1, "RAKHMONOV", "FARRUKH", "1990-04-12")]);

        await tjOnB.ImportPersonListAsync(home, returned);
        var second = await ruOnA.ImportPersonListAsync(PersonLists.Header("second"), [PersonLists.Person(1, "KODIROV", "SINO", "1985-01-03")]);

        Assert.Equal(1L, second.Response.Unpack<V1.Reconciliation>().OutcomeCounts["RECONCILIATION_OUTCOME_RETURNED_HOME"]);
    }

    public void Dispose()
    {
        _nodeA.Dispose();
        _nodeB.Dispose();
        TestDatabase.Drop(_dataDirectory);
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
