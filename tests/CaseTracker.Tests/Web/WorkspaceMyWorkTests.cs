using CaseTracker.Server.Cases;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Web;

/// <summary>My work's "Cases I lead", answered by the server's lead filter over every case, not from the latest few.</summary>
public sealed class WorkspaceMyWorkTests(WorkspaceFixture workspace) : IClassFixture<WorkspaceFixture>
{
    [ChromiumFact]
    public async Task MyWork_ShowsTheCaseASupervisorAssignedMe_BehindMoreThan200NewerCases_AndNoCaseLedBySomeoneElse()
    {
        var filer = workspace.ClientFor(Party.TJ, Role.Investigator, "tj.filer");
        var supervisor = workspace.ClientFor(Party.TJ, Role.Supervisor, "tj.supervisor");
        var assigned = await filer.CreateAsync(NewCase(latinName: "ASSIGNEDOV OLIM", russianName: "", tajikName: "Ассигнедов Олим"));
        await supervisor.Cases.AssignInvestigatorAsync(new V1.AssignInvestigatorRequest { Name = assigned.Name, InvestigatorId = "old.lead.tester" });
        await filer.FileManyAsync(210);

        var page = await workspace.NewPageAsync();
        await page.SignInAsync(workspace.BaseUrl, "TJ", "Investigator", "Old Lead Tester");
        var led = page.Locator("section[aria-labelledby=led] tbody tr");

        Assert.Equal(1, await led.CountAsync());
        Assert.Contains(assigned.Reference, await led.InnerTextAsync());
        Assert.Contains("ASSIGNEDOV OLIM", await led.InnerTextAsync());
    }
}
