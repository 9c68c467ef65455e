using Microsoft.Playwright;

namespace CaseTracker.Tests.Web;

/// <summary>What a person does in the workspace, step by step in the browser: sign in, file a case, take an action.</summary>
public static class Workspace
{
    /// <summary>Signs in on the development sign-in page and lands on My work.</summary>
    public static async Task SignInAsync(this IPage page, string baseUrl, string party, string role, string name)
    {
        await page.GotoAsync(baseUrl + "/sign-in");
        await page.SelectOptionAsync("#party", party);
        await page.SelectOptionAsync("#role", role);
        await page.FillAsync("#name", name);
        // Signed in once the browser is sent on to My work; what the test does next waits for that page's own elements.
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync(baseUrl + "/", new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
    }

    /// <summary>Files a case through the new case form, filing it anyway if duplicates are shown; returns its page's URL.</summary>
    public static async Task<string> FileCaseAsync(this IPage page, string baseUrl, string latinName, string tajikName, string passport, Func<Task>? beforeSubmit = null)
    {
        await page.GotoAsync(baseUrl + "/cases/new");
        await page.SelectOptionAsync("#channel", "INTAKE_CHANNEL_DUSHANBE_MIGRATION_CENTRE");
        await page.SelectOptionAsync("#priority", "PRIORITY_URGENT");
        await page.CheckAsync("#urgency-URGENCY_REASON_CHILD_AFFECTED");
        await page.FillAsync("#name-tajik", tajikName);
        await page.FillAsync("#name-latin", latinName);
        await page.FillAsync("#birth", "1990-04-12");
        await page.FillAsync("#passport", passport);
        await page.SelectOptionAsync("#action-type", "ENFORCEMENT_ACTION_TYPE_REGISTRY_PLACEMENT");
        await page.SelectOptionAsync("#ground", "REGISTRY_GROUND_SOJOURN_EXPIRED");
        await page.FillAsync("#region", "Moscow");
        await page.CheckAsync("#allegation-ALLEGATION_CODE_WRONGFUL_LISTING_ALREADY_LEFT");
        await page.FillAsync("#details", "Returned to Dushanbe in 2024; the daughter was refused a school place.");
        if (beforeSubmit is not null)
        {
            await beforeSubmit();
        }
        await page.ClickAsync("#file-case");
        if (await page.Locator("#duplicates").CountAsync() > 0)
        {
            await page.ClickAsync("#file-case");
        }
        await page.WaitForSelectorAsync("#stage");
        return page.Url;
    }

    /// <summary>Fills an action form's fields (by their element IDs) and sends it.</summary>
    public static async Task ActAsync(this IPage page, string action, params (string Field, string Value)[] fields)
    {
        foreach (var (field, value) in fields)
        {
            var selector = $"#{action}-{field}";
            if (await page.Locator(selector).EvaluateAsync<string>("e => e.tagName") == "SELECT")
            {
                await page.SelectOptionAsync(selector, value);
            }
            else
            {
                await page.FillAsync(selector, value);
            }
        }
        await page.ClickAsync($"#do-{action}");
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    /// <summary>Keeps a screenshot for the README when CASETRACKER_SCREENSHOTS names a folder (docs/screenshots), else beside the tests.</summary>
    public static async Task ScreenshotAsync(this IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("CASETRACKER_SCREENSHOTS") is { Length: > 0 } chosen
            ? chosen
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = false });
    }
}
