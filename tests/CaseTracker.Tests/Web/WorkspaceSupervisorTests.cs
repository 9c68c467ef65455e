using CaseTracker.Server.Cases;
using CaseTracker.Server.Reviews;
using CaseTracker.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CaseTracker.Tests.Web;

/// <summary>The supervisors' and co-chairs' pages in Chromium: the deadlines chart and the monthly review signed off by both parties.</summary>
public sealed class WorkspaceSupervisorTests(WorkspaceFixture workspace) : IClassFixture<WorkspaceFixture>
{
    private string Url => workspace.BaseUrl;

    [ChromiumFact]
    public async Task DeadlinesPage_CountsOpenClocksByOwingPartyAndState()
    {
        var api = workspace.ClientFor(Party.TJ, Role.Investigator, "tj.clock.test");
        await api.CreateAsync();
        await api.InInvestigationAsync();

        var page = await workspace.NewPageAsync();
        await page.SignInAsync(Url, "RU", "Supervisor", "Irina Petrova");
        await page.GotoAsync(Url + "/deadlines");
        var tajikRow = await page.Locator("#deadlines-table tbody tr").Filter(new() { HasText = "Tajikistan" }).Locator("td").AllInnerTextsAsync();
        Assert.True(int.Parse(tajikRow[0]) >= 1, $"running clocks owed by TJ: {tajikRow[0]}");
        var russianRow = await page.Locator("#deadlines-table tbody tr").Filter(new() { HasText = "Russia" }).Locator("td").AllInnerTextsAsync();
        Assert.True(int.Parse(russianRow[0]) >= 1, $"running clocks owed by RU: {russianRow[0]}");
        Assert.Equal(1, await page.Locator("#deadlines-chart").CountAsync());
        await page.ScreenshotAsync("deadlines");
    }

    [ChromiumFact]
    public async Task MonthlyReview_BuiltFromThePage_ShownInline_SignedOffByBothParties_IsAgreed()
    {
        var month = DateTime.UtcNow.AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var ru = await workspace.NewPageAsync();
        await ru.SignInAsync(Url, "RU", "Supervisor", "Irina Petrova");
        await ru.GotoAsync(Url + "/reviews");
        await ru.FillAsync("#month", month);
        await ru.ClickAsync("#create-review");
        await ru.WaitForURLAsync($"{Url}/reviews/{month}");
        Assert.Equal("Being built", await ru.InnerTextAsync("#review-state"));

        // Hangfire's server is off in tests: run the build job the page's request queued.
        await workspace.App.Services.GetRequiredService<BuildMonthlyReviewJob>().RunAsync(month, 1, CancellationToken.None);
        await ru.ReloadAsync();
        Assert.Equal("Ready for sign-off", await ru.InnerTextAsync("#review-state"));
        var report = await ru.FrameLocator("iframe.report").Locator("body").InnerTextAsync();
        Assert.Contains(month, report);
        var download = await ru.RunAndWaitForDownloadAsync(() => ru.ClickAsync("a[href$='/files/manifest.json']"));
        Assert.Equal("manifest.json", download.SuggestedFilename);
        await ru.ClickAsync("#sign-review");
        await ru.WaitForURLAsync($"{Url}/reviews/{month}");
        Assert.Contains("irina.petrova", await ru.InnerTextAsync("section[aria-labelledby=signoff-title]"));
        await ru.FrameLocator("iframe.report").Locator("body").InnerTextAsync();
        await ru.ScreenshotAsync("review");

        var tj = await workspace.NewPageAsync();
        await tj.SignInAsync(Url, "TJ", "CoChair", "Farhod Nazarov");
        await tj.GotoAsync($"{Url}/reviews/{month}");
        await tj.ClickAsync("#sign-review");
        await tj.WaitForURLAsync($"{Url}/reviews/{month}");
        Assert.Equal("Agreed by both parties", await tj.InnerTextAsync("#review-state"));
    }
}
