using CaseTracker.Server.Cases;
using Microsoft.Playwright;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Web;

/// <summary>
/// Every workspace page passes the accessibility check (<see cref="AccessibilityCheck"/>) in Chromium, a case page
/// in each stage that shows forms; the case page's first action is reached and sent with the keyboard alone.
/// </summary>
public sealed class WorkspaceAccessibilityTests(WorkspaceFixture workspace) : IClassFixture<WorkspaceFixture>
{
    private string Url => workspace.BaseUrl;

    /// <summary>A case in every stage whose page shows forms, filed and moved through the API; their page paths.</summary>
    private async Task<IReadOnlyList<string>> CasesInEveryStageAsync()
    {
        var investigator = workspace.ClientFor(Party.TJ, Role.Investigator, "accessibility.investigator");
        var intake = await investigator.CreateAsync(NewCase(latinName: "INTAKOV OLIM", russianName: "Интаков Олим", tajikName: "Интаков Олим"));
        var investigation = await investigator.InInvestigationAsync(NewCase(latinName: "INVESTOV BAHROM", russianName: "", tajikName: "Инвестов Баҳром"));
        var awaiting = await investigator.InInvestigationAsync(NewCase(latinName: "AWAITOV UMED", russianName: "", tajikName: ""));
        await investigator.Cases.RequestResponseAsync(new V1.RequestResponseRequest { Name = awaiting.Name, Party = V1.Party.Ru, Awaited = "The registry file" });
        var resolution = await investigator.InResolutionAsync(NewCase(latinName: "RESOLVOV DAVLAT", russianName: "", tajikName: ""));
        var closed = await investigator.InResolutionAsync(NewCase(latinName: "CLOSEDOV FIRUZ", russianName: "", tajikName: ""));
        foreach (var party in new[] { Party.RU, Party.TJ })
        {
            await workspace.ClientFor(party, Role.Supervisor, $"{party}.accessibility.supervisor".ToLowerInvariant()).Cases
                .SignOffResolutionAsync(new V1.SignOffResolutionRequest { Name = closed.Name });
        }
        return [.. new[] { intake, investigation, awaiting, resolution, closed }.Select(c => "/" + c.Name)];
    }

    /// <summary>A member signed in, the workspace switched to <paramref name="language"/> (English is the browser's).</summary>
    private async Task<IPage> SignedInAsync(string party, string role, string name, string language)
    {
        var page = await workspace.NewPageAsync();
        await page.SignInAsync(Url, party, role, name);
        if (language != "en")
        {
            await page.SelectOptionAsync("#culture", language);
            await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#save-preferences"), response => response.Url.EndsWith("/preferences", StringComparison.Ordinal));
            await page.WaitForSelectorAsync($"html[lang={language}]");
        }
        return page;
    }

    [ChromiumTheory]
    [InlineData("en")]
    [InlineData("ru")]
    [InlineData("tg")]
    public async Task EveryWorkspacePage_PassesTheAccessibilityCheck_InEachLanguage(string language)
    {
        var casePages = await CasesInEveryStageAsync();
        var violations = new List<string>();
        async Task CheckAsync(IPage page, string path)
        {
            await page.GotoAsync(Url + path);
            violations.AddRange((await AccessibilityCheck.RunAsync(page)).Select(v => $"{path} {v}"));
        }

        var visitor = await workspace.NewPageAsync();
        await CheckAsync(visitor, "/sign-in");

        var investigator = await SignedInAsync("TJ", "Investigator", "Accessibility Investigator", language);
        await CheckAsync(investigator, "/");
        await CheckAsync(investigator, "/cases/new");
        // A form the browser lets through but the API refuses (no name, no action): its word beside each field it names.
        await investigator.SelectOptionAsync("#channel", "INTAKE_CHANNEL_HOTLINE");
        await investigator.SelectOptionAsync("#priority", "PRIORITY_NORMAL");
        await investigator.ClickAsync("#file-case");
        await investigator.WaitForSelectorAsync("#error-summary");
        violations.AddRange((await AccessibilityCheck.RunAsync(investigator)).Select(v => $"/cases/new (refused) {v}"));

        var supervisor = await SignedInAsync("TJ", "Supervisor", "Accessibility Supervisor", language);
        foreach (var path in new[] { "/", "/cases", "/cases?q=" + Uri.EscapeDataString("инвестов") + "&stage=STAGE_INVESTIGATION" }
            .Concat(casePages)
            .Concat(["/deadlines", "/reviews", "/reconciliations"]))
        {
            await CheckAsync(supervisor, path);
        }

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [ChromiumFact]
    public async Task CasePage_FirstAction_IsReachedWithTabAndSentWithEnter_TheKeyboardAlone()
    {
        var investigator = workspace.ClientFor(Party.TJ, Role.Investigator, "keyboard.only");
        var c = await investigator.CreateAsync(NewCase(latinName: "KEYBOARDOV OLIM", russianName: "", tajikName: ""));
        var page = await workspace.NewPageAsync();
        await page.SignInAsync(Url, "TJ", "Investigator", "Keyboard Only");
        await page.GotoAsync($"{Url}/{c.Name}");
        var first = await page.Locator(".actions form").First.GetAttributeAsync("id");

        var violations = await AccessibilityCheck.SubmitByKeyboardAsync(page, $"#{first}");

        Assert.Equal("action-start", first);
        Assert.Empty(violations);
        await page.WaitForSelectorAsync("#stage:has-text('Investigation')");
    }
}
