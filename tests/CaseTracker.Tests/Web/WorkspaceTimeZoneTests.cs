using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using Microsoft.Playwright;

namespace CaseTracker.Tests.Web;

/// <summary>
/// Times are shown in the viewer's party's own zone unless this browser chose another: a language picked on the
/// sign-in page, before anyone is signed in, must not pin the zone of whoever signs in next.
/// </summary>
public sealed class WorkspaceTimeZoneTests(WorkspaceFixture workspace) : IClassFixture<WorkspaceFixture>
{
    private string Url => workspace.BaseUrl;

    [ChromiumFact]
    public async Task ALanguagePickedBeforeSignIn_LeavesTheTimesInTheSignedInPartysZone_UntilAnotherZoneIsChosen()
    {
        var created = await workspace.ClientFor(Party.TJ, Role.Investigator, "tj.zone.test").CreateAsync();
        var page = await workspace.NewPageAsync();
        await page.GotoAsync(Url + "/sign-in");
        await SavePreferencesAsync(page, "#culture", "ru");
        await page.WaitForSelectorAsync("html[lang=ru]");

        await page.SignInAsync(Url, "RU", "Supervisor", "Irina Petrova");
        Assert.Equal("", await page.InputValueAsync("#timeZone"));
        Assert.Contains("Europe/Moscow", await page.InnerTextAsync("#timeZone option:checked"));
        await page.GotoAsync(Url + "/" + created.Name);
        Assert.Contains("UTC+03:00", await page.InnerTextAsync("#events"));

        await SavePreferencesAsync(page, "#timeZone", "Asia/Dushanbe");
        Assert.Contains("UTC+05:00", await page.InnerTextAsync("#events"));
        Assert.DoesNotContain("UTC+03:00", await page.InnerTextAsync("#events"));

        await SavePreferencesAsync(page, "#timeZone", "");
        Assert.Contains("UTC+03:00", await page.InnerTextAsync("#events"));
    }

    /// <summary>Picks a value in the header's preferences form and sends it, waiting for its answer (a cookie and a redirect back).</summary>
    private static async Task SavePreferencesAsync(IPage page, string select, string value)
    {
        await page.SelectOptionAsync(select, value);
        await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#save-preferences"), response => response.Url.EndsWith("/preferences", StringComparison.Ordinal));
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }
}
