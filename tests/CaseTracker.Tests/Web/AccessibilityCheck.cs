using System.Reflection;
using Microsoft.Playwright;

namespace CaseTracker.Tests.Web;

/// <summary>One failed accessibility rule on a page: the rule's name and what broke it, where.</summary>
public sealed record AccessibilityViolation(string Rule, string Detail)
{
    public override string ToString() => $"{Rule}: {Detail}";
}

/// <summary>
/// The workspace's automated accessibility check in the real browser (axe-core cannot be fetched here). In the page,
/// by <c>accessibility-check.js</c>: labelled fields, images with alt, headings from h1 without skipped levels,
/// unique ids, the lang attribute, text contrast of 4.5:1 from the computed styles (WCAG relative luminance) and
/// a visible focus on everything Tab reaches. With the keyboard: the first Tab reaches the skip link and Enter on
/// it moves the focus to main. At 768×1024 (a tablet) the page does not scroll sideways.
/// </summary>
public static class AccessibilityCheck
{
    public const int TabletWidth = 768, TabletHeight = 1024;

    private static readonly string Script = ReadScript();

    /// <summary>Every rule the page breaks; the page is reloaded for the keyboard check and left at the viewport it had.</summary>
    public static async Task<IReadOnlyList<AccessibilityViolation>> RunAsync(IPage page)
    {
        var violations = new List<AccessibilityViolation>(await ScanAsync(page));
        violations.AddRange(await SkipLinkAsync(page));
        violations.AddRange(await TabletOverflowAsync(page));
        return violations;
    }

    /// <summary>The rules read from the DOM and the computed styles.</summary>
    public static async Task<IReadOnlyList<AccessibilityViolation>> ScanAsync(IPage page) =>
        [.. (await page.EvaluateAsync<string[][]>($"() => ({Script})().map(v => [v.rule, v.detail])")).Select(v => new AccessibilityViolation(v[0], v[1]))];

    /// <summary>From the top of the page, the first Tab focuses the skip link, and Enter on it moves the focus to main.</summary>
    public static async Task<IReadOnlyList<AccessibilityViolation>> SkipLinkAsync(IPage page)
    {
        await FocusTopAsync(page);
        await page.Keyboard.PressAsync("Tab");
        // A link to a place on this page: its address, resolved as the browser does (a <base> included), is this page's.
        var first = await page.EvaluateAsync<string?>("""
            () => {
                const a = document.activeElement;
                if (!a || !a.matches('a[href]')) return null;
                const [target, here] = [new URL(a.href), new URL(location.href)];
                return target.hash.length > 1 && target.origin + target.pathname + target.search === here.origin + here.pathname + here.search
                    ? target.hash : `!${a.getAttribute('href')} leads to ${target.pathname}${target.search}, not to a place on this page`;
            }
            """);
        if (first is null)
        {
            var what = await page.EvaluateAsync<string>("() => document.activeElement?.outerHTML?.slice(0, 80) ?? 'nothing'");
            return [new("skip-link", $"the first Tab focuses {what}, not a skip link")];
        }
        if (first.StartsWith('!'))
        {
            return [new("skip-link", $"the skip link {first[1..]}")];
        }
        await page.Keyboard.PressAsync("Enter");
        var focused = await page.EvaluateAsync<bool>("target => document.activeElement === document.querySelector(target) && document.activeElement.tagName === 'MAIN'", first);
        return focused ? [] : [new("skip-link", $"Enter on the skip link ({first}) does not move the focus to main")];
    }

    /// <summary>At a tablet's width the page is no wider than the window.</summary>
    public static async Task<IReadOnlyList<AccessibilityViolation>> TabletOverflowAsync(IPage page)
    {
        var before = page.ViewportSize;
        await page.SetViewportSizeAsync(TabletWidth, TabletHeight);
        try
        {
            var widths = await page.EvaluateAsync<int[]>("() => [document.scrollingElement.scrollWidth, window.innerWidth]");
            var (scroll, inner) = (widths[0], widths[1]);
            return scroll <= inner ? [] : [new("tablet-overflow", $"at {TabletWidth}×{TabletHeight} the page is {scroll} px wide and scrolls sideways ({await WidestAsync(page)})")];
        }
        finally
        {
            if (before is not null)
            {
                await page.SetViewportSizeAsync(before.Width, before.Height);
            }
        }
    }

    /// <summary>
    /// Reaches the form's submit button with Tab alone (at most <paramref name="maxTabs"/> presses) and submits it with
    /// Enter; a violation when Tab never reaches it.
    /// </summary>
    public static async Task<IReadOnlyList<AccessibilityViolation>> SubmitByKeyboardAsync(IPage page, string formSelector, int maxTabs = 300)
    {
        await FocusTopAsync(page);
        for (var i = 0; i < maxTabs; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("form => { const a = document.activeElement; return !!a && a.matches('button[type=submit], input[type=submit]') && a.form === document.querySelector(form); }", formSelector))
            {
                await page.Keyboard.PressAsync("Enter");
                await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
                return [];
            }
        }
        return [new("keyboard-submit", $"{maxTabs} presses of Tab never reach the submit button of {formSelector}")];
    }

    /// <summary>
    /// Puts the keyboard at the top of the page, as on arrival: the focus on a mark before everything else, so the
    /// next Tab goes to the first element in the tab order (a blur alone leaves the browser's starting point where the
    /// focus last was). The mark removes itself when the focus leaves it.
    /// </summary>
    private static Task FocusTopAsync(IPage page) => page.EvaluateAsync("""
        () => {
            const mark = document.createElement('span');
            mark.tabIndex = -1;
            mark.addEventListener('blur', () => mark.remove());
            document.body.prepend(mark);
            mark.focus();
            window.scrollTo(0, 0);
        }
        """);

    /// <summary>The elements wider than the window, to say what makes the page scroll.</summary>

    private static Task<string> WidestAsync(IPage page) => page.EvaluateAsync<string>("""
        () => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 1))
            .slice(0, 3)
            .map(e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''} to ${Math.round(e.getBoundingClientRect().right)} px`)
            .join(', ')
        """);

    private static string ReadScript()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("CaseTracker.Tests.Web.accessibility-check.js")
            ?? throw new InvalidOperationException("accessibility-check.js is not embedded in the test assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
