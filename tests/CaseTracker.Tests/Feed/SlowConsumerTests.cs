using CaseTracker.Server.Cases;
using CaseTracker.Server.Storage;
using CaseTracker.Tests.Support;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Feed;

/// <summary>A watcher that stops reading is cut off with a clear status instead of being buffered for.</summary>
public sealed class SlowConsumerTests
{
    [Fact]
    public async Task Watcher_ThatStopsReading_IsCutOffWithConsumerTooSlow_AndCanResume()
    {
        using var host = CaseTrackerHost.WithSettings(new Dictionary<string, string> { ["Limits:StreamWriteTimeout"] = "00:00:01" });
        var client = host.ClientFor(Party.TJ, Role.Auditor, "tj.auditor");
        var c = await host.ClientFor(Party.TJ, Role.Investigator).CreateAsync();
        var caseId = CaseNames.TryParse(c.Name)!;
        // 20,000 events with a large payload: far more than any transport buffer holds.
        await host.Services.GetRequiredService<BatchingWriter>().WriteAsync(session =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                session.RecordEvent(caseId, CaseEventDraft.Of(CaseEventType.NoteCreated, ("note", new string('n', 400))), new Actor("tj.bulk", Party.TJ, Role.Investigator));
            }
            return Task.FromResult(0);
        }, CancellationToken.None);

        using var watch = client.Cases.WatchCaseEvents(new V1.WatchCaseEventsRequest());
        await Task.Delay(TimeSpan.FromSeconds(3)); // the consumer reads nothing
        long last = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var error = await Assert.ThrowsAnyAsync<RpcException>(async () =>
        {
            while (await watch.ResponseStream.MoveNext(stop.Token))
            {
                last = watch.ResponseStream.Current.Event?.Sequence ?? last;
            }
        });

        AssertStatus(error, StatusCode.ResourceExhausted, "CONSUMER_TOO_SLOW");
        Assert.InRange(last, 1, 20_000);
        using var resumed = client.Cases.WatchCaseEvents(new V1.WatchCaseEventsRequest { AfterSequence = last });
        Assert.True(await resumed.ResponseStream.MoveNext(stop.Token));
        Assert.Equal(last + 1, resumed.ResponseStream.Current.Event.Sequence);
    }
}
