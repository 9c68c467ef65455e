namespace CaseTracker.Tests.Web;

/// <summary>The accessibility check can fail: a small page that breaks every rule is caught on each, by name.</summary>
public sealed class AccessibilityCheckTests(WorkspaceFixture workspace) : IClassFixture<WorkspaceFixture>
{
    private const string BrokenPage = """
        <!DOCTYPE html>
        <html>
        <head><style>
            body { margin: 0; font: 16px sans-serif; }
            .faint { color: #9a9a9a; }
            button:focus { outline: none; }
            .wide { width: 1100px; }
        </style></head>
        <body>
        <main id="main" tabindex="-1">
            <h2>A page that starts at h2</h2>
            <h4>and skips h3</h4>
            <form id="broken-form">
                <input type="text" id="unnamed" />
                <label for="named">Named</label><input type="text" id="named" />
                <button type="submit" id="unreachable" tabindex="-1">Send</button>
            </form>
            <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" />
            <p id="twice">One</p><p id="twice">Two</p>
            <p class="faint">Grey text on white</p>
            <button type="button" id="no-ring">No focus ring</button>
            <div class="wide">Wider than a tablet</div>
        </main>
        </body>
        </html>
        """;

    private const string SoundPage = """
        <!DOCTYPE html>
        <html lang="en">
        <head><style> body { margin: 0; } .skip { position: absolute; left: -999px; } .skip:focus { left: 8px; } a:focus, button:focus, input:focus { outline: 3px solid #f5a623; } </style></head>
        <body>
        <a class="skip" href="#main">Skip to content</a>
        <main id="main" tabindex="-1">
            <h1>A sound page</h1>
            <h2>Its section</h2>
            <form id="sound-form" onsubmit="event.preventDefault(); this.dataset.sent = 'yes'"><label for="name">Name</label><input type="text" id="name" /><button type="submit" id="send">Send</button></form>
            <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="" />
            <p style="color: #595959">Grey text dark enough (7:1)</p>
        </main>
        </body>
        </html>
        """;

    [ChromiumFact]
    public async Task TheCheck_OnAPageBreakingEveryRule_NamesEachViolation()
    {
        var page = await workspace.NewPageAsync();
        await page.SetContentAsync(BrokenPage);

        var violations = await AccessibilityCheck.RunAsync(page);
        var unreachable = await AccessibilityCheck.SubmitByKeyboardAsync(page, "#broken-form", maxTabs: 20);
        var found = violations.Concat(unreachable).ToList();
        string Of(string rule) => string.Join(" | ", found.Where(v => v.Rule == rule).Select(v => v.Detail));

        Assert.Contains("no lang attribute", Of("html-lang"), StringComparison.Ordinal);
        Assert.Contains("input#unnamed: the field has no accessible name", Of("label"), StringComparison.Ordinal);
        Assert.DoesNotContain("input#named", Of("label"), StringComparison.Ordinal);
        Assert.Contains("has no alt attribute", Of("image-alt"), StringComparison.Ordinal);
        Assert.Contains("the first heading is h2, not h1", Of("heading-order"), StringComparison.Ordinal);
        Assert.Contains("h4 follows h2, skipping a level", Of("heading-order"), StringComparison.Ordinal);
        Assert.Contains("the id \"twice\" is used 2 times", Of("duplicate-id"), StringComparison.Ordinal);
        Assert.Contains("\"Grey text on white\": text contrast 2.8", Of("contrast"), StringComparison.Ordinal);
        Assert.Contains("button#no-ring", Of("focus-visible"), StringComparison.Ordinal);
        Assert.Contains("the first Tab focuses <input type=\"text\" id=\"unnamed\">", Of("skip-link"), StringComparison.Ordinal);
        Assert.Contains("the page is 1100 px wide", Of("tablet-overflow"), StringComparison.Ordinal);
        Assert.Contains("never reach the submit button of #broken-form", Of("keyboard-submit"), StringComparison.Ordinal);
    }

    [ChromiumFact]
    public async Task TheCheck_ASkipLinkThatTheBaseTagSendsToAnotherPage_IsNamed()
    {
        var page = await workspace.NewPageAsync();
        await page.SetContentAsync(SoundPage.Replace("<head>", "<head><base href=\"http://127.0.0.1:9/elsewhere/\" />", StringComparison.Ordinal));

        var violation = Assert.Single(await AccessibilityCheck.SkipLinkAsync(page));

        Assert.Equal("skip-link", violation.Rule);
        Assert.Contains("#main leads to /elsewhere/, not to a place on this page", violation.Detail, StringComparison.Ordinal);
    }

    [ChromiumFact]
    public async Task TheCheck_OnASoundPage_FindsNothing_AndSubmitsTheFormFromTheKeyboard()
    {
        var page = await workspace.NewPageAsync();
        await page.SetContentAsync(SoundPage);

        var violations = await AccessibilityCheck.RunAsync(page);
        var keyboard = await AccessibilityCheck.SubmitByKeyboardAsync(page, "#sound-form", maxTabs: 20);

        Assert.Empty(violations);
        Assert.Empty(keyboard);
        Assert.Equal("yes", await page.GetAttributeAsync("#sound-form", "data-sent"));
    }
}
