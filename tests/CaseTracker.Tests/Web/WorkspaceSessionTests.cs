using System.Net;
using System.Text.RegularExpressions;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Security;
using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseTracker.Tests.Web;

/// <summary>
/// The workspace's session as HTTP sees it: pages need a sign-in, the session is an HTTP-only SameSite cookie
/// whose keys are in the shared database, every form needs its antiforgery token, and no token is in a URL.
/// </summary>
public sealed partial class WorkspaceSessionTests(WorkspaceFixture workspace) : IClassFixture<WorkspaceFixture>
{
    [Fact]
    public async Task Page_WithoutSignIn_RedirectsToTheSignInPage()
    {
        using var http = Browserless();
        var response = await http.GetAsync("/cases?q=x");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/sign-in", response.Headers.Location!.AbsolutePath);
        Assert.Contains("ReturnUrl=%2Fcases", response.Headers.Location.Query);
    }

    [Fact]
    public async Task DevelopmentSignIn_SetsAnHttpOnlySameSiteCookie_KeptWithKeysInTheDatabase_AndPutsNoTokenInAUrl()
    {
        using var http = Browserless();
        var response = await SignInAsync(http, "TJ", "Investigator", "Cookie Tester");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(("/", ""), (response.Headers.Location!.AbsolutePath, response.Headers.Location.Query));
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("casetracker_web=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("eyJ", response.Headers.Location.OriginalString); // a JWT starts so
        var home = await http.GetStringAsync("/");
        Assert.Contains("Cookie Tester", home);
        Assert.DoesNotContain("eyJ", home);

        await using var db = await workspace.App.Services.GetRequiredService<IDbContextFactory<CaseTrackerDbContext>>().CreateDbContextAsync();
        Assert.NotEmpty(await db.DataProtectionKeys.ToListAsync());
    }

    [Fact]
    public async Task SignOut_WithoutTheFormsAntiforgeryToken_IsRefused_AndTheSessionStays()
    {
        using var http = Browserless();
        await SignInAsync(http, "RU", "Supervisor", "Antiforgery Tester");

        var forged = await http.PostAsync("/sign-out", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/")).StatusCode);

        var token = AntiforgeryToken(await http.GetStringAsync("/"));
        var signedOut = await http.PostAsync("/sign-out", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await http.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task SignIn_FormWithoutAntiforgeryToken_IsRefused()
    {
        using var http = Browserless();
        var response = await http.PostAsync("/sign-in", new FormUrlEncodedContent(
        [
            new("_handler", "development-sign-in"), new("Form.Party", "TJ"), new("Form.Role", "Supervisor"), new("Form.Name", "Forger"),
        ]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var set) ? set : [], c => c.StartsWith("casetracker_web=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignIn_OfAMemberOnTheRoster_SpeaksTheMembersLanguage_AndSomeoneNotOnItKeepsTheBrowsers()
    {
        await workspace.ClientFor(Party.TJ, Role.Supervisor, "tj.roster-admin").Members.CreateMemberAsync(new V1.CreateMemberRequest
        {
            Parent = "parties/TJ",
            MemberId = "zarina.saidova",
            Member = new V1.Member { Role = V1.Role.Investigator, DisplayName = "Zarina Saidova", Email = "saidova@tj.example", Language = V1.Language.Tajik, Active = true },
        });
        using var member = Browserless();
        using var stranger = Browserless();

        await SignInAsync(member, "TJ", "Investigator", "Zarina Saidova");
        await SignInAsync(stranger, "TJ", "Investigator", "Not On The Roster");

        Assert.Contains("<html lang=\"tg\"", await member.GetStringAsync("/"));
        Assert.Contains("<html lang=\"en\"", await stranger.GetStringAsync("/"));
    }

    [Fact]
    public async Task Preferences_NeverRedirectOffTheSite()
    {
        using var http = Browserless();
        var token = AntiforgeryToken(await http.GetStringAsync("/sign-in"));
        var response = await http.PostAsync("/preferences", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", token), new("culture", "tg"), new("returnUrl", "//evil.example/")]));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        Assert.Contains("Воридшавӣ", WebUtility.HtmlDecode(await http.GetStringAsync("/sign-in")));
    }

    private HttpClient Browserless() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri(workspace.BaseUrl),
        };

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient http, string party, string role, string name)
    {
        var token = AntiforgeryToken(await http.GetStringAsync("/sign-in"));
        return await http.PostAsync("/sign-in", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", token), new("_handler", "development-sign-in"),
            new("Form.Party", party), new("Form.Role", role), new("Form.Name", name),
        ]));
    }

    private static string AntiforgeryToken(string page) => TokenField().Match(page).Groups[1].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
