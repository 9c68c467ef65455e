using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;

namespace CaseTracker.Tests.Web;

/// <summary>
/// The walk, in a real Chromium: a Tajik investigator files a case, finds it in My work, takes it to
/// findings; a Russian and a Tajik supervisor sign off; the case is closed and its timeline reads as it happened.
/// </summary>
public sealed class WorkspaceWalkTests(WorkspaceFixture workspace) : IClassFixture<WorkspaceFixture>
{
    private string Url => workspace.BaseUrl;

    [ChromiumFact]
    public async Task TjInvestigator_FilesAndWalksACase_BothSupervisorsSignOff_CaseIsClosed()
    {
        var investigator = await workspace.NewPageAsync();
        await investigator.GotoAsync(Url + "/sign-in");
        await investigator.ScreenshotAsync("sign-in");
        await investigator.SignInAsync(Url, "TJ", "Investigator", "Dilnoza Karimova");

        var casePage = await investigator.FileCaseAsync(Url, "RAKHMONOV FARRUKH", "Раҳмонов Фарруҳ", "400123456",
            () => investigator.ScreenshotAsync("new-case"));
        var reference = (await investigator.InnerTextAsync("h1")).Split(' ')[0];
        Assert.StartsWith("TF-", reference);
        Assert.Equal("Intake", await investigator.InnerTextAsync("#stage"));

        await investigator.GotoAsync(Url + "/");
        Assert.Contains(reference, await investigator.InnerTextAsync("section[aria-labelledby=led]"));
        await investigator.ScreenshotAsync("my-work");

        await investigator.GotoAsync(Url + "/cases?q=" + Uri.EscapeDataString("раҳмон"));
        Assert.Contains(reference, await investigator.InnerTextAsync("table"));
        await investigator.ScreenshotAsync("cases");

        await investigator.GotoAsync(casePage);
        await investigator.ActAsync("start");
        Assert.Equal("Investigation", await investigator.InnerTextAsync("#stage"));
        await investigator.ActAsync("request-response", ("party", "PARTY_RU"), ("text", "The registry decision file"));
        await investigator.ActAsync("record-response", ("text", "File received: listed in 2026, exit stamp from 2024."));
        await investigator.ActAsync("propose", ("text", "Listed after leaving Russia."), ("outcome", "OUTCOME_VIOLATION_CONFIRMED"), ("remedy", "REMEDY_DELISTED"));
        Assert.Equal("Resolution", await investigator.InnerTextAsync("#stage"));
        await investigator.ScreenshotAsync("case-resolution");

        var ruSupervisor = await workspace.NewPageAsync();
        await ruSupervisor.SignInAsync(Url, "RU", "Supervisor", "Irina Petrova");
        Assert.Contains(reference, await ruSupervisor.InnerTextAsync("section[aria-labelledby=signoff]"));
        Assert.Equal(1, await ruSupervisor.Locator("section[aria-labelledby=inbox]").CountAsync());
        await ruSupervisor.GotoAsync(casePage);
        await ruSupervisor.ActAsync("sign-off");
        Assert.Equal("Resolution", await ruSupervisor.InnerTextAsync("#stage"));
        Assert.Contains("irina.petrova", await ruSupervisor.InnerTextAsync("#sign-offs"));

        var tjSupervisor = await workspace.NewPageAsync();
        await tjSupervisor.SignInAsync(Url, "TJ", "Supervisor", "Farhod Nazarov");
        await tjSupervisor.GotoAsync(casePage);
        await tjSupervisor.ActAsync("sign-off");
        Assert.Equal("Closed", await tjSupervisor.InnerTextAsync("#stage"));
        Assert.Contains("Violation confirmed", await tjSupervisor.InnerTextAsync("#closed"));

        var timeline = await tjSupervisor.Locator("#events li strong").AllInnerTextsAsync();
        Assert.Equal(
            ["Case filed", "Investigation started", "Response requested", "Response recorded", "Findings proposed", "Findings signed off", "Findings signed off"],
            timeline.Where(e => e != "Investigator assigned").ToList());
        await tjSupervisor.ScreenshotAsync("case-closed");
    }

    [ChromiumFact]
    public async Task StalePage_ActionIsRefused_SayingThePageIsOutOfDate()
    {
        var first = await workspace.NewPageAsync();
        await first.SignInAsync(Url, "TJ", "Investigator", "Stale Page Tester");
        var casePage = await first.FileCaseAsync(Url, "SAIDOV UMED", "Саидов Умед", "400777001");

        var second = await first.Context.NewPageAsync();
        await second.GotoAsync(casePage);
        await second.ActAsync("start");
        Assert.Equal("Investigation", await second.InnerTextAsync("#stage"));

        // The first tab still shows the case in intake, with the etag it was rendered with.
        await first.ActAsync("withdraw", ("reason", "Filed by mistake."));
        var refusal = await first.InnerTextAsync("#action-withdraw [role=alert]");
        Assert.Contains("This page is out of date", refusal);
        Assert.Contains("ETAG_MISMATCH", refusal);
        await first.GotoAsync(casePage);
        Assert.Equal("Investigation", await first.InnerTextAsync("#stage"));
    }

    [ChromiumFact]
    public async Task Investigator_SigningOffFindings_IsRefusedAsNotAllowed()
    {
        var api = workspace.ClientFor(Party.TJ, Role.Investigator, "tj.signer.test");
        var created = await api.InResolutionAsync();

        var page = await workspace.NewPageAsync();
        await page.SignInAsync(Url, "TJ", "Investigator", "tj signer test");
        await page.GotoAsync(Url + "/" + created.Name);
        await page.ActAsync("sign-off");
        var refusal = await page.InnerTextAsync("#action-sign-off [role=alert]");
        Assert.Contains("You are not allowed to do this", refusal);
        Assert.Contains("ROLE_NOT_ALLOWED", refusal);
        Assert.Equal("Resolution", await page.InnerTextAsync("#stage"));
    }

    [ChromiumFact]
    public async Task OtherPartyWithoutConsent_SeesPassportAndContactShownWithheld()
    {
        var api = workspace.ClientFor(Party.TJ, Role.Investigator, "tj.withheld.test");
        var draft = Drafts.NewCase(latinName: "NAZAROVA MADINA", russianName: "Назарова Мадина", tajikName: "Назарова Мадина");
        draft.Subject.PassportNumber = "400999111";
        var created = await api.CreateAsync(draft);

        var page = await workspace.NewPageAsync();
        await page.SignInAsync(Url, "RU", "Investigator", "Oleg Sidorov");
        await page.GotoAsync(Url + "/" + created.Name);
        Assert.Equal("Withheld from your party", await page.InnerTextAsync("#passport"));
        Assert.Equal("Withheld from your party", await page.InnerTextAsync("#contact"));
        Assert.DoesNotContain("400999111", await page.ContentAsync());
        await page.ScreenshotAsync("case-withheld");

        var own = await workspace.NewPageAsync();
        await own.SignInAsync(Url, "TJ", "Investigator", "tj withheld test");
        await own.GotoAsync(Url + "/" + created.Name);
        Assert.Equal("400999111", await own.InnerTextAsync("#passport"));
    }

    [ChromiumFact]
    public async Task LanguageSwitch_ShowsEveryLabelInTajikThenRussian_AndKeepsTheChoice()
    {
        var page = await workspace.NewPageAsync();
        await page.SignInAsync(Url, "TJ", "Investigator", "Language Tester");
        Assert.Equal("My work", await page.InnerTextAsync("h1"));

        await page.SelectOptionAsync("#culture", "tg");
        // The form posts and comes back to the same URL: wait for the page in the new language, not for a URL already shown.
        await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#save-preferences"), response => response.Url.EndsWith("/preferences", StringComparison.Ordinal));
        await page.WaitForSelectorAsync("html[lang=tg]");
        Assert.Equal("Кори ман", await page.InnerTextAsync("h1"));
        Assert.Equal("tg", await page.GetAttributeAsync("html", "lang"));
        Assert.Contains("Муфаттиш", await page.InnerTextAsync("#signed-in-as"));
        await page.GotoAsync(Url + "/cases/new");
        Assert.Equal("Парвандаи нав", await page.InnerTextAsync("h1"));
        // An optional field's empty choice reads as none given, not as a search's "any".
        Assert.Equal("Нишон дода нашудааст", await page.InnerTextAsync("#ground option[value='']"));
        await page.ScreenshotAsync("new-case-tajik");

        await page.SelectOptionAsync("#culture", "ru");
        await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#save-preferences"), response => response.Url.EndsWith("/preferences", StringComparison.Ordinal));
        await page.WaitForSelectorAsync("html[lang=ru]");
        Assert.Equal(Url + "/cases/new", page.Url);
        Assert.Equal("Новое дело", await page.InnerTextAsync("h1"));
        await page.GotoAsync(Url + "/");
        Assert.Equal("Моя работа", await page.InnerTextAsync("h1"));
        Assert.Equal("ru", await page.GetAttributeAsync("html", "lang"));
    }

    [ChromiumFact]
    public async Task CasePage_ListsTheCaseDocuments_AndDownloadsOneThroughTheApi_WhichRecordsTheDownload()
    {
        var api = workspace.ClientFor(Party.TJ, Role.Investigator, "tj.document.test");
        var created = await api.CreateAsync();
        var bytes = System.Text.Encoding.UTF8.GetBytes("Exit stamp, Dushanbe airport, 2024-05-03.");
        await api.UploadDocumentAsync(created.Name, new V1.Document { Title = "Exit stamp", Kind = V1.DocumentKind.TravelProof }, new MemoryStream(bytes));

        var page = await workspace.NewPageAsync();
        await page.SignInAsync(Url, "TJ", "Investigator", "tj document test");
        await page.GotoAsync(Url + "/" + created.Name);
        Assert.Contains("Proof of travel", await page.InnerTextAsync("#document-list"));
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#document-list a"));
        var saved = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"));
        await download.SaveAsAsync(saved);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(saved));
        File.Delete(saved);
        await page.ReloadAsync();
        Assert.Contains("Document downloaded", await page.InnerTextAsync("#events"));
    }
}
