using CaseTracker.Client;
using CaseTracker.Client.Audit;

namespace CaseTracker.Tests.Records;

/// <summary>The whole event log as a client reads it, and the check that its hash chain holds, for the records tests.</summary>
internal static class EventLogs
{
    public static async Task<List<V1.CaseEvent>> AllAsync(CaseTrackerClient client)
    {
        var events = new List<V1.CaseEvent>();
        await foreach (var e in client.ListAllCaseEventsAsync(new V1.ListCaseEventsRequest { PageSize = 500 }))
        {
            events.Add(e);
        }
        return events;
    }

    public static void AssertChainVerifies(IReadOnlyList<V1.CaseEvent> events)
    {
        var previous = CaseEventHashing.Genesis;
        foreach (var e in events)
        {
            Assert.Equal(previous, e.PreviousHash);
            Assert.Equal(CaseEventHashing.Compute(e), e.Hash);
            previous = e.Hash;
        }
    }
}
