using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Feed;

/// <summary>The change feed: backlog, then live; filters; heartbeats; resumption across a restart.</summary>
public sealed class WatchCaseEventsTests : IDisposable
{
    private readonly CaseTrackerHost _host = new();
    private readonly CaseTrackerClient _client;

    public WatchCaseEventsTests() => _client = _host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");

    private static async Task<V1.WatchCaseEventsResponse> NextAsync(AsyncServerStreamingCall<V1.WatchCaseEventsResponse> call)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.True(await call.ResponseStream.MoveNext(timeout.Token), "The feed ended.");
        return call.ResponseStream.Current;
    }

    private static async Task<V1.CaseEvent> NextEventAsync(AsyncServerStreamingCall<V1.WatchCaseEventsResponse> call)
    {
        while (true)
        {
            var item = await NextAsync(call);
            if (item.ItemCase == V1.WatchCaseEventsResponse.ItemOneofCase.Event)
            {
                return item.Event;
            }
        }
    }

    [Fact]
    public async Task Watch_SendsTheBacklogThenEachNewEventAsItIsCommitted_InOrder()
    {
        for (var i = 0; i < 3; i++)
        {
            await _client.CreateAsync();
        }
        using var watch = _client.Cases.WatchCaseEvents(new V1.WatchCaseEventsRequest());

        var backlog = new[] { await NextEventAsync(watch), await NextEventAsync(watch), await NextEventAsync(watch) };
        var created = await _client.CreateAsync();
        var live = await NextEventAsync(watch);

        Assert.Equal([1L, 2L, 3L], backlog.Select(e => e.Sequence));
        Assert.Equal((4L, created.Name), (live.Sequence, live.Case));
    }

    [Fact]
    public async Task Watch_FromTheHead_SendsOnlyNewEvents()
    {
        await _client.CreateAsync();
        using var watch = _client.Cases.WatchCaseEvents(new V1.WatchCaseEventsRequest { FromHead = true, HeartbeatInterval = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)) });
        var first = await NextAsync(watch); // a heartbeat: the feed is live

        await _client.CreateAsync();
        var live = await NextEventAsync(watch);

        Assert.Equal(V1.WatchCaseEventsResponse.ItemOneofCase.Heartbeat, first.ItemCase);
        Assert.Equal(2L, live.Sequence);
    }

    [Fact]
    public async Task Watch_FilteredByCaseAndType_SendsOnlyThoseEvents()
    {
        var watched = await _client.InInvestigationAsync();
        await _client.InInvestigationAsync();
        using var watch = _client.Cases.WatchCaseEvents(new V1.WatchCaseEventsRequest
        {
            Case = watched.Name,
            EventTypes = { V1.CaseEventType.InvestigationStarted },
        });

        var only = await NextEventAsync(watch);

        Assert.Equal((watched.Name, V1.CaseEventType.InvestigationStarted), (only.Case, only.Type));
    }

    [Fact]
    public async Task Watch_WhenNothingHappens_SendsHeartbeatsCarryingTheHead()
    {
        await _client.CreateAsync();
        using var watch = _client.Cases.WatchCaseEvents(new V1.WatchCaseEventsRequest
        {
            FromHead = true,
            HeartbeatInterval = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)),
        });

        var beat = await NextAsync(watch);

        Assert.Equal(V1.WatchCaseEventsResponse.ItemOneofCase.Heartbeat, beat.ItemCase);
        Assert.Equal(1L, beat.Heartbeat.HeadSequence);
    }

    [Fact]
    public async Task Watch_ResumedFromTheLastSequenceAfterARestart_HasNoGapAndNoDuplicate()
    {
        long lastSeen;
        using (var first = CaseTrackerHost.OnDataDirectory(_host.DataDirectory))
        {
            var client = first.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");
            for (var i = 0; i < 4; i++)
            {
                await client.CreateAsync();
            }
            using var watch = client.Cases.WatchCaseEvents(new V1.WatchCaseEventsRequest());
            await NextEventAsync(watch);
            lastSeen = (await NextEventAsync(watch)).Sequence;
        }

        using var second = CaseTrackerHost.OnDataDirectory(_host.DataDirectory);
        var after = second.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");
        await after.CreateAsync();
        using var resumed = after.Cases.WatchCaseEvents(new V1.WatchCaseEventsRequest { AfterSequence = lastSeen });
        var rest = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            rest.Add((await NextEventAsync(resumed)).Sequence);
        }

        Assert.Equal(2L, lastSeen);
        Assert.Equal([3L, 4L, 5L], rest);
    }

    [Fact]
    public async Task Watch_WithABadRequest_IsInvalidArgument()
    {
        using var watch = _client.Cases.WatchCaseEvents(new V1.WatchCaseEventsRequest { AfterSequence = -1, HeartbeatInterval = Duration.FromTimeSpan(TimeSpan.FromHours(1)) });

        var error = await Assert.ThrowsAnyAsync<RpcException>(() => watch.ResponseStream.MoveNext(CancellationToken.None));

        AssertStatus(error, StatusCode.InvalidArgument, "INVALID_REQUEST");
        Assert.Equal(["after_sequence", "heartbeat_interval"], error.FieldViolations().Select(v => v.Field).Order());
    }

    public void Dispose() => _host.Dispose();
}
