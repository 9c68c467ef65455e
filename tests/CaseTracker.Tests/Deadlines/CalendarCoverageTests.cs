using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using Grpc.Health.V1;
using Microsoft.Extensions.Time.Testing;

namespace CaseTracker.Tests.Deadlines;

/// <summary>The server says when a working calendar runs out: a warning at start within 90 days of its end, NOT_SERVING after it.</summary>
public sealed class CalendarCoverageTests
{
    private static async Task<HealthCheckResponse.Types.ServingStatus> HealthOf(CaseTrackerHost host) =>
        (await new Health.HealthClient(host.ClientFor(Party.RU, Role.Auditor).Channel).CheckAsync(new HealthCheckRequest())).Status;

    [Fact]
    public async Task CalendarsEndingWithin90Days_AreLoggedAtStartAndTheServerStillServes()
    {
        // Monday 1 November 2027: both shipped calendars end on 31 December 2027.
        using var host = CaseTrackerHost.WithClock(new FakeTimeProvider(new DateTimeOffset(2027, 11, 1, 9, 0, 0, TimeSpan.Zero)));

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await HealthOf(host));
        Assert.Contains(host.Logs.Lines, l => l.Contains("The RU working calendar (RU-2025-2027.2) ends on 2027-12-31, in 60 days", StringComparison.Ordinal));
        Assert.Contains(host.Logs.Lines, l => l.Contains("The TJ working calendar (TJ-2025-2027.2) ends on 2027-12-31", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CalendarsEndingWithin90Days_AreShownOnTheDashboard()
    {
        using var host = CaseTrackerHost.WithClock(new FakeTimeProvider(new DateTimeOffset(2027, 11, 1, 9, 0, 0, TimeSpan.Zero)));
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
            host.TokenFor(Party.RU, Role.Supervisor, "ru.petrov"));

        using var response = await client.SendAsync(request);

        Assert.Contains("The RU working calendar (RU-2025-2027.2) ends on 2027-12-31, in 60 days", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CalendarsWellWithinCoverage_AreNotMentioned()
    {
        using var host = CaseTrackerHost.WithClock(new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero)));

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await HealthOf(host));
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains("working calendar", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AfterACalendarHasEnded_TheServerIsNotServing()
    {
        using var host = CaseTrackerHost.WithClock(new FakeTimeProvider(new DateTimeOffset(2028, 1, 3, 9, 0, 0, TimeSpan.Zero)));

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, await HealthOf(host));
        Assert.Contains(host.Logs.Lines, l => l.Contains("The RU working calendar (RU-2025-2027.2) ended on 2027-12-31", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AfterACalendarHasEnded_AnOperatorWhoAllowsItKeepsServing()
    {
        using var host = CaseTrackerHost.WithClock(new FakeTimeProvider(new DateTimeOffset(2028, 1, 3, 9, 0, 0, TimeSpan.Zero)),
            new Dictionary<string, string> { ["Deadlines:AllowCalendarsPastCoverage"] = "true" });

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await HealthOf(host));
    }
}
