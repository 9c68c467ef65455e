using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Grpc;

/// <summary>
/// "In the future" is judged by the date where the person typing it is, not by the UTC date: a decision dated
/// today in Dushanbe or Kamchatka is accepted in the hours when UTC is still on yesterday.
/// </summary>
public sealed class FutureDateTests : IDisposable
{
    // Tuesday 3 March 2026, 20:00 UTC: already Wednesday 4 March in Dushanbe (UTC+5) and Kamchatka (UTC+12).
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 3, 20, 0, 0, TimeSpan.Zero));
    private readonly CaseTrackerHost _host;

    public FutureDateTests() => _host = CaseTrackerHost.WithClock(_clock);

    private static V1.Case DecidedOn(int month, int day)
    {
        var draft = NewCase();
        draft.EnforcementAction.DecisionDate = new Google.Type.Date { Year = 2026, Month = month, Day = day };
        return draft;
    }

    [Fact]
    public async Task ADecisionDatedTodayInDushanbe_WhileUtcIsOnYesterday_IsAccepted()
    {
        var filed = await _host.ClientFor(Party.TJ, Role.Investigator).CreateAsync(DecidedOn(3, 4));

        Assert.Equal(4, filed.EnforcementAction.DecisionDate.Day);
    }

    [Fact]
    public async Task ADecisionDatedAfterTodayEverywhere_IsRefusedAsInTheFuture()
    {
        var error = await Assert.ThrowsAnyAsync<RpcException>(() => _host.ClientFor(Party.TJ, Role.Investigator).CreateAsync(DecidedOn(3, 5)));

        AssertStatus(error, StatusCode.InvalidArgument, "INVALID_REQUEST");
        Assert.Contains("must not be in the future", error.Status.Detail, StringComparison.Ordinal);
    }

    public void Dispose() => _host.Dispose();
}
