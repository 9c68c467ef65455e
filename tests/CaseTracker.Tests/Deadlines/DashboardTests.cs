using System.Net;
using System.Net.Http.Headers;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;

namespace CaseTracker.Tests.Deadlines;

/// <summary>The Hangfire dashboard is for supervisors and co-chairs, not for whoever reaches the port.</summary>
public sealed class DashboardTests(CaseTrackerHost host) : IClassFixture<CaseTrackerHost>
{
    private async Task<HttpStatusCode> GetDashboardAsync(string? token)
    {
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task Dashboard_WithoutAToken_IsRefused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await GetDashboardAsync(null));

    [Fact]
    public async Task Dashboard_ForAnInvestigator_IsRefused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await GetDashboardAsync(host.TokenFor(Party.TJ, Role.Investigator, "tj.karimova")));

    [Fact]
    public async Task Dashboard_WithAForgedToken_IsRefused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await GetDashboardAsync("not-a-token"));

    [Theory]
    [InlineData(Role.Supervisor)]
    [InlineData(Role.CoChair)]
    public async Task Dashboard_ForSupervisorsAndCoChairs_IsOpen(Role role) =>
        Assert.Equal(HttpStatusCode.OK, await GetDashboardAsync(host.TokenFor(Party.RU, role, "ru.someone")));
}
