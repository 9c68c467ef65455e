using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using static CaseTracker.Tests.Support.Drafts;
using static CaseTracker.Tests.Support.PersonLists;

namespace CaseTracker.Tests.Reconciliation;

/// <summary>
/// Each party may start so many imports, and send so many records, in any 24 hours; beyond that an import is
/// RESOURCE_EXHAUSTED, saying when the party may import again.
/// </summary>
public sealed class ImportLimitsTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);
    private readonly CaseTrackerHost _host;
    private readonly CaseTrackerClient _ruMinistry;

    public ImportLimitsTests()
    {
        _host = CaseTrackerHost.WithClock(_clock, new Dictionary<string, string>
        {
            ["Reconciliation:ImportsPerPartyPerDay"] = "2",
            ["Reconciliation:RecordsPerPartyPerDay"] = "2500",
        });
        _ruMinistry = _host.ClientFor(Party.RU, Role.MinistrySystem, "ru.mvd");
    }

    private static V1.PersonRecord[] Records(int count) =>
        [.. Enumerable.Range(1, count).Select(i => Person(i, "SAIDOV", "ANVAR", $"19{60 + (i % 40):D2}-01-{1 + (i % 28):D2}"))];

    private static string RetryTime(RpcException error) => error.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Metadata["retry_time"];

    [Fact]
    public async Task AThirdImportInADay_IsResourceExhausted_UntilTheFirstIsADayOld_WhileResumingAndTheOtherPartyAreNotHeldBack()
    {
        await _ruMinistry.ImportPersonListAsync(Header("first"), Records(1));
        _clock.Advance(TimeSpan.FromHours(1));
        await _ruMinistry.ImportPersonListAsync(Header("second"), Records(1));

        var third = await Assert.ThrowsAnyAsync<RpcException>(() => _ruMinistry.ImportPersonListAsync(Header("third"), Records(1)));
        var resumed = await _ruMinistry.ImportPersonListAsync(Header("first"), Records(1));
        var otherParty = await _host.ClientFor(Party.TJ, Role.MinistrySystem, "tj.migration").ImportPersonListAsync(Header("first"), Records(1));
        _clock.Advance(TimeSpan.FromHours(23));
        var nextDay = await _ruMinistry.ImportPersonListAsync(Header("third"), Records(1));

        AssertStatus(third, StatusCode.ResourceExhausted, "IMPORT_QUOTA_EXHAUSTED");
        Assert.Equal("2026-11-03T09:00:00Z", RetryTime(third));
        Assert.Contains("2 imports", third.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("2026-11-03T09:00:00Z", third.Status.Detail, StringComparison.Ordinal);
        Assert.True(resumed.Done && otherParty.Done && nextDay.Done);
    }

    [Fact]
    public async Task RecordsBeyondTheDailyVolume_AreResourceExhausted_AndWhatWasSentBeforeIsKept()
    {
        await _ruMinistry.ImportPersonListAsync(Header("large"), Records(2_000));
        _clock.Advance(TimeSpan.FromHours(2));

        var error = await Assert.ThrowsAnyAsync<RpcException>(() => _ruMinistry.ImportPersonListAsync(Header("more"), Records(1_000)));
        var resumedInFull = await _ruMinistry.ImportPersonListAsync(Header("large"), Records(2_000));
        _clock.Advance(TimeSpan.FromHours(22));
        var nextDay = await _ruMinistry.ImportPersonListAsync(Header("more"), Records(1_000));

        AssertStatus(error, StatusCode.ResourceExhausted, "IMPORT_QUOTA_EXHAUSTED");
        Assert.Equal("2026-11-03T09:00:00Z", RetryTime(error));
        Assert.Contains("2,500 records", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(2_000L, resumedInFull.Response.Unpack<V1.Reconciliation>().Records);
        Assert.Equal(1_000L, nextDay.Response.Unpack<V1.Reconciliation>().Records);
    }

    public void Dispose() => _host.Dispose();
}
