using System.Globalization;
using System.Resources;
using CaseTracker.Server.Web;
using Microsoft.Playwright;

namespace CaseTracker.Tests.Web;

/// <summary>
/// The walk in each delegation's own language, in a real Chromium: every person picks Russian or Tajik in
/// the header's switch, files or signs off the case, and reads its stages, outcome and timeline in that language.
/// </summary>
public sealed class WorkspaceLanguageWalkTests(WorkspaceFixture workspace) : IClassFixture<WorkspaceFixture>
{
    private static readonly ResourceManager Labels = new("CaseTracker.Server.Web.Labels", typeof(Labels).Assembly);

    private string Url => workspace.BaseUrl;

    [ChromiumTheory]
    [InlineData("ru", "400555101", "NAZAROV UMED", "Назаров Умед")]
    [InlineData("tg", "400555102", "SAIDOV NODIR", "Саидов Нодир")]
    public async Task ACaseWalkedFromIntakeToClosed_ReadsInTheChosenLanguage_AtEveryStep(string language, string passport, string latinName, string tajikName)
    {
        var culture = CultureInfo.GetCultureInfo(language);
        string Text(string key) => Labels.GetString(key, culture) ?? throw new InvalidOperationException($"No label {key} in {language}.");

        var investigator = await SignedInInAsync(language, "TJ", "Investigator", "Dilnoza Karimova");
        var casePage = await investigator.FileCaseAsync(Url, latinName, tajikName, passport);
        Assert.Equal(Text("Stage_Intake"), await investigator.InnerTextAsync("#stage"));
        await investigator.ActAsync("start");
        Assert.Equal(Text("Stage_Investigation"), await investigator.InnerTextAsync("#stage"));
        await investigator.ActAsync("propose", ("text", "Listed after leaving Russia."), ("outcome", "OUTCOME_VIOLATION_CONFIRMED"), ("remedy", "REMEDY_DELISTED"));
        Assert.Equal(Text("Stage_Resolution"), await investigator.InnerTextAsync("#stage"));

        foreach (var (party, name) in new[] { ("RU", "Irina Petrova"), ("TJ", "Farhod Nazarov") })
        {
            var supervisor = await SignedInInAsync(language, party, "Supervisor", name);
            await supervisor.GotoAsync(casePage);
            await supervisor.ActAsync("sign-off");
            if (party == "TJ")
            {
                Assert.Equal(Text("Stage_Closed"), await supervisor.InnerTextAsync("#stage"));
                Assert.Contains(Text("Outcome_ViolationConfirmed"), await supervisor.InnerTextAsync("#closed"));
                var timeline = await supervisor.Locator("#events li strong").AllInnerTextsAsync();
                Assert.Equal(
                    [Text("CaseEventType_CaseCreated"), Text("CaseEventType_InvestigationStarted"), Text("CaseEventType_ResolutionProposed"),
                        Text("CaseEventType_ResolutionSignedOff"), Text("CaseEventType_ResolutionSignedOff")],
                    timeline.Where(e => e != Text("CaseEventType_InvestigatorAssigned")).ToList());
                Assert.Equal(language, await supervisor.GetAttributeAsync("html", "lang"));
            }
        }
    }

    /// <summary>Signs in, then picks the language in the header's switch, as a person would.</summary>
    private async Task<IPage> SignedInInAsync(string language, string party, string role, string name)
    {
        var page = await workspace.NewPageAsync();
        await page.SignInAsync(Url, party, role, name);
        await page.SelectOptionAsync("#culture", language);
        // The preference is kept by the POST's answer (a cookie and a redirect back): wait for it, then for the page in that language.
        await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#save-preferences"), response => response.Url.EndsWith("/preferences", StringComparison.Ordinal));
        await page.WaitForSelectorAsync($"html[lang={language}]");
        return page;
    }
}
