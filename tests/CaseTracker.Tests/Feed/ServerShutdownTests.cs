using System.Diagnostics;
using CaseTracker.Client;
using CaseTracker.Server;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Security;
using CaseTracker.Tests.Support;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Feed;

/// <summary>
/// Stopping a real Kestrel server (what SIGTERM does) while the change feed is open: health turns NOT_SERVING,
/// the feed ends with UNAVAILABLE and a reason to resume, the host stops within 5 s without an error, and the
/// client library carries on on the next server without a gap or a duplicate.
/// </summary>
public sealed class ServerShutdownTests : IAsyncLifetime
{
    private static readonly TimeSpan RequiredStopTime = TimeSpan.FromSeconds(5);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "casetracker-tests", Guid.NewGuid().ToString("N"));
    private readonly int _grpcPort = LoopbackPorts.Free();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly List<WebApplication> _apps = [];
    private string _token = string.Empty;

    public async Task InitializeAsync()
    {
        var app = await StartAsync();
        _token = TokenIssuer.Mint(app.Services.GetRequiredService<TokenKeys>(), "casetracker", Party.TJ, Role.Investigator,
            "tj.karimova", "tj.karimova", TimeSpan.FromHours(1), DateTime.UtcNow);
    }

    /// <summary>A server on the test's data folder and gRPC port, as a restarted node would be.</summary>
    private async Task<WebApplication> StartAsync()
    {
        var app = CaseTrackerApp.Build(
        [
            $"--Endpoints:Grpc=http://127.0.0.1:{_grpcPort}",
            $"--Endpoints:Http=http://127.0.0.1:{LoopbackPorts.Free()}",
            $"--Storage:DataDirectory={_folder}",
            "--Hangfire:Storage=InMemory",
            "--Hangfire:ServerEnabled=false",
            "--Logging:LogLevel:Default=Warning",
        ], builder => builder.Logging.AddProvider(_logs));
        await app.StartAsync();
        _apps.Add(app);
        return app;
    }

    private CaseTrackerClient Client() => new(new CaseTrackerClientOptions
    {
        Address = new Uri($"http://127.0.0.1:{_grpcPort}"),
        TokenProvider = _ => ValueTask.FromResult(_token),
    });

    [Fact]
    public async Task Stop_WithTheFeedOpen_EndsItUnavailableWithServerStopping_AndStopsWithinFiveSeconds()
    {
        using var client = Client();
        await client.CreateAsync();
        using var watch = client.Cases.WatchCaseEvents(new V1.WatchCaseEventsRequest());
        Assert.True(await watch.ResponseStream.MoveNext()); // the feed is open and has sent its backlog
        using var health = new Health.HealthClient(client.Channel).Watch(new HealthCheckRequest());
        Assert.True(await health.ResponseStream.MoveNext());

        var stopwatch = Stopwatch.StartNew();
        var stopping = _apps[0].StopAsync();
        var error = await Assert.ThrowsAsync<CaseTrackerException>(async () =>
        {
            while (await watch.ResponseStream.MoveNext())
            {
            }
        });
        var lastHealth = health.ResponseStream.Current.Status;
        while (await health.ResponseStream.MoveNext())
        {
            lastHealth = health.ResponseStream.Current.Status;
        }
        await stopping;
        stopwatch.Stop();

        AssertStatus(error, StatusCode.Unavailable, "SERVER_STOPPING");
        Assert.Contains("after_sequence = the last sequence received", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, lastHealth);
        Assert.True(stopwatch.Elapsed < RequiredStopTime, $"The host took {stopwatch.Elapsed} to stop.");
        Assert.DoesNotContain(_logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal) || line.StartsWith("Critical", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stop_WithAnImportOpen_EndsItUnavailableWithServerStopping_KeepsWhatArrived_AndStopsWithinFiveSeconds()
    {
        var ministryToken = TokenIssuer.Mint(_apps[0].Services.GetRequiredService<TokenKeys>(), "casetracker", Party.RU, Role.MinistrySystem,
            "ru.mvd", "ru.mvd", TimeSpan.FromHours(1), DateTime.UtcNow);
        using var ministry = new CaseTrackerClient(new CaseTrackerClientOptions
        {
            Address = new Uri($"http://127.0.0.1:{_grpcPort}"),
            TokenProvider = _ => ValueTask.FromResult(ministryToken),
        });
        using var import = ministry.Reconciliations.ImportPersonList();
        await import.RequestStream.WriteAsync(new V1.ImportPersonListRequest
        {
            Header = PersonLists.Header("cut-by-shutdown"),
            Records = { PersonLists.Person(1, "SAIDOV", "ANVAR", "1991-01-01"), PersonLists.Person(2, "NAZAROV", "BAKHTIYOR", "1988-05-17") },
        });
        await ministry.WaitForRecordsAsync("reconciliations/ru-cut-by-shutdown", 2); // the list stays open: no `complete` yet

        var stopwatch = Stopwatch.StartNew();
        var stopping = _apps[0].StopAsync();
        var error = await Assert.ThrowsAsync<CaseTrackerException>(() => import.ResponseAsync);
        await stopping;
        stopwatch.Stop();
        await StartAsync();
        var kept = await ministry.Reconciliations.GetReconciliationAsync(new V1.GetReconciliationRequest { Name = "reconciliations/ru-cut-by-shutdown" });

        AssertStatus(error, StatusCode.Unavailable, "SERVER_STOPPING");
        Assert.Contains("the same import_id", error.Status.Detail, StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < RequiredStopTime, $"The host took {stopwatch.Elapsed} to stop.");
        Assert.Equal(2, kept.Records);
        Assert.Equal(V1.Reconciliation.Types.State.Receiving, kept.State);
        Assert.DoesNotContain(_logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal) || line.StartsWith("Critical", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HealthCheck_OnceTheServerBeginsToStop_IsNotServing()
    {
        using var client = Client();
        var health = new Health.HealthClient(client.Channel);
        var lifetime = _apps[0].Services.GetRequiredService<IHostApplicationLifetime>();
        var probed = new TaskCompletionSource<HealthCheckResponse.Types.ServingStatus>();
        // A probe in the moment between the signal and the listener closing, as a load balancer's would be.
        using var probe = lifetime.ApplicationStopping.Register(() =>
            probed.SetResult(health.Check(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5)).Status));

        var before = (await health.CheckAsync(new HealthCheckRequest())).Status;
        await _apps[0].StopAsync();

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, before);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, await probed.Task);
    }

    [Fact]
    public async Task WatchAsync_AcrossAStopAndAStart_ResumesWithoutGapOrDuplicate()
    {
        using var client = Client();
        for (var i = 0; i < 3; i++)
        {
            await client.CreateAsync();
        }
        var seen = new List<long>();
        var backlogSeen = new TaskCompletionSource();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var watching = Task.Run(async () =>
        {
            await foreach (var e in client.WatchAsync(afterSequence: 0, timeout.Token, reconnectDelay: TimeSpan.FromMilliseconds(100)))
            {
                lock (seen)
                {
                    seen.Add(e.Sequence);
                }
                if (e.Sequence == 3)
                {
                    backlogSeen.SetResult();
                }
                if (e.Sequence == 6)
                {
                    break;
                }
            }
        });
        await backlogSeen.Task.WaitAsync(timeout.Token);

        await _apps[0].StopAsync();
        await StartAsync();
        // Another client files the next cases: the watcher's channel may still be backing off from the stop.
        using var filer = Client();
        for (var i = 0; i < 3; i++)
        {
            await filer.CreateAsync();
        }
        await watching;

        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L], seen);
    }

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        _logs.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
