using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using Microsoft.Playwright;

namespace CaseTracker.Tests.Web;

/// <summary>Evidence filed from the case page in Chromium, through the same upload the API and the command line use.</summary>
public sealed class WorkspaceDocumentTests(WorkspaceFixture workspace) : IClassFixture<WorkspaceFixture>
{
    private string Url => workspace.BaseUrl;

    [ChromiumFact]
    public async Task ADocumentUploadedFromTheCasePage_IsListedWithItsCustodyEvent_AndATypeTheApiRefusesIsShownWithItsReason()
    {
        var filed = await workspace.ClientFor(Party.TJ, Role.Investigator, "dilnoza.karimova").CreateAsync();
        var page = await workspace.NewPageAsync();
        await page.SignInAsync(Url, "TJ", "Investigator", "Dilnoza Karimova");
        await page.GotoAsync($"{Url}/{filed.Name}");

        await UploadAsync(page, "Expulsion order", new FilePayload { Name = "order.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.7\n% the order\n"u8.ToArray() });
        Assert.Equal("Expulsion order", await page.InnerTextAsync("#document-list tbody tr td a"));
        Assert.Contains("Document added", await page.InnerTextAsync("#events"), StringComparison.Ordinal);

        // An executable named as a PDF: the API reads the type from the bytes.
        await UploadAsync(page, "A program", new FilePayload { Name = "scan.pdf", MimeType = "application/pdf", Buffer = [0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0, 0, 0] });
        Assert.Contains("MEDIA_TYPE_NOT_ALLOWED", await page.InnerTextAsync("#document-refused"));
        Assert.Equal(1, await page.Locator("#document-list tbody tr").CountAsync());
    }

    private async Task UploadAsync(IPage page, string title, FilePayload file)
    {
        await page.FillAsync("#document-title", title);
        await page.SelectOptionAsync("#document-kind", "DOCUMENT_KIND_ORDER");
        await page.SetInputFilesAsync("#document-file", file);
        await page.ClickAsync("#document-upload button[type=submit]");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }
}
