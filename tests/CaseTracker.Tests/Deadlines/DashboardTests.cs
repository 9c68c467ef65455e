using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CaseTracker.Tests.Deadlines;

/// <summary>
/// The Hangfire dashboard is for supervisors and co-chairs, not for whoever reaches the port. Browsers sign in
/// with a form (antiforgery-protected) that keeps the token in an HTTP-only cookie; no token ever goes in a URL.
/// </summary>
public sealed partial class DashboardTests(CaseTrackerHost host) : IClassFixture<CaseTrackerHost>
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

    private HttpClient Browser() => host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Opens the sign-in page as a browser would and posts the form with <paramref name="token"/>.</summary>
    private static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string token, bool withAntiforgery = true)
    {
        var fields = new Dictionary<string, string> { ["token"] = token };
        if (withAntiforgery)
        {
            fields["__RequestVerificationToken"] = await AntiforgeryTokenAsync(browser, "/hangfire/sign-in");
        }
        return await browser.PostAsync("/hangfire/sign-in", new FormUrlEncodedContent(fields));
    }

    private static async Task<string> AntiforgeryTokenAsync(HttpClient browser, string page)
    {
        var html = await browser.GetStringAsync(page);
        return AntiforgeryField().Match(html) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException("The sign-in page has no antiforgery field.");
    }

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [];

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [Fact]
    public async Task Dashboard_WithoutAToken_IsRefused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await GetDashboardAsync(null));

    [Fact]
    public async Task Dashboard_ForAnInvestigator_IsForbidden() =>
        Assert.Equal(HttpStatusCode.Forbidden, await GetDashboardAsync(host.TokenFor(Party.TJ, Role.Investigator, "tj.karimova")));

    [Fact]
    public async Task Dashboard_WithAForgedToken_IsRefused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await GetDashboardAsync("not-a-token"));

    [Theory]
    [InlineData(Role.Supervisor)]
    [InlineData(Role.CoChair)]
    public async Task Dashboard_ForSupervisorsAndCoChairs_IsOpen(Role role) =>
        Assert.Equal(HttpStatusCode.OK, await GetDashboardAsync(host.TokenFor(Party.RU, role, "ru.someone")));

    [Fact]
    public async Task Dashboard_WithASupervisorsTokenInTheQueryString_IsRefused()
    {
        using var browser = Browser();

        using var response = await browser.GetAsync($"/hangfire?access_token={host.TokenFor(Party.RU, Role.Supervisor, "ru.petrova")}");
        using var again = await browser.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(SetCookies(response), c => c.Contains("eyJ", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
    }

    [Fact]
    public async Task Dashboard_InABrowserThatHasNotSignedIn_LeadsToTheSignInPage()
    {
        using var browser = Browser();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/hangfire/sign-in", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SignIn_WithoutTheAntiforgeryToken_IsRefused()
    {
        using var browser = Browser();
        await browser.GetStringAsync("/hangfire/sign-in"); // the antiforgery cookie alone does not do

        using var response = await SignInAsync(browser, host.TokenFor(Party.RU, Role.Supervisor, "ru.petrova"), withAntiforgery: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(SetCookies(response), c => c.StartsWith("casetracker_session=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Role.Supervisor)]
    [InlineData(Role.CoChair)]
    public async Task SignIn_ForSupervisorsAndCoChairs_SetsAnHttpOnlyStrictCookieThatOpensTheDashboard(Role role)
    {
        using var browser = Browser();

        using var response = await SignInAsync(browser, host.TokenFor(Party.TJ, role, "tj.rahimov"));
        using var dashboard = await browser.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/hangfire", response.Headers.Location?.OriginalString);
        var cookie = Assert.Single(SetCookies(response), c => c.StartsWith("casetracker_session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/hangfire", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
    }

    [Fact]
    public async Task SignIn_WithAnInvestigatorsToken_IsRefusedWithAPageSayingWhy()
    {
        using var browser = Browser();

        using var response = await SignInAsync(browser, host.TokenFor(Party.TJ, Role.Investigator, "tj.karimova"));
        var page = await response.Content.ReadAsStringAsync();
        using var dashboard = await browser.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("supervisors and co-chairs only", page, StringComparison.Ordinal);
        Assert.DoesNotContain(SetCookies(response), c => c.StartsWith("casetracker_session=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, dashboard.StatusCode);
    }

    [Fact]
    public async Task SignIn_WithAnExpiredToken_IsRefused()
    {
        using var browser = Browser();
        var expired = host.TokenFor(Party.RU, Role.Supervisor, "ru.petrova", TimeSpan.FromHours(1), DateTime.UtcNow.AddHours(-3));

        using var response = await SignInAsync(browser, expired);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("The token has expired.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        using var browser = Browser();
        (await SignInAsync(browser, host.TokenFor(Party.RU, Role.CoChair, "ru.cochair"))).Dispose();

        var antiforgery = await AntiforgeryTokenAsync(browser, "/hangfire/sign-in");
        using var response = await browser.PostAsync("/hangfire/sign-out",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = antiforgery }));
        using var dashboard = await browser.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, dashboard.StatusCode);
    }
}
