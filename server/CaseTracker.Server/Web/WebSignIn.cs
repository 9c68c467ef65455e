using CaseTracker.Server.Cases;
using CaseTracker.Server.Web.Session;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace CaseTracker.Server.Web;

/// <summary>
/// The workspace's endpoints that are not pages: sign-in at a party's identity provider, sign-out and the
/// viewer's preferences (language, time zone). Every form posted here carries its antiforgery token, which
/// the antiforgery middleware checks before the handler runs (a form without it is refused with 400).
/// </summary>
public static class WebSignIn
{
    public const string Path = "/sign-in";
    public const string SignOutPath = "/sign-out";
    public const string PreferencesPath = "/preferences";
    public const string TimeZoneCookie = "casetracker_tz";

    public static RouteGroupBuilder MapWebSignIn(this WebApplication app)
    {
        var group = app.MapGroup(string.Empty);
        group.MapGet(Path + "/{party}", ChallengeProvider);
        group.MapPost(SignOutPath, SignOutAsync);
        group.MapPost(PreferencesPath, SavePreferences);
        return group;
    }

    /// <summary>Sends the browser to the party's identity provider; it comes back to the page it asked for.</summary>
    private static IResult ChallengeProvider(string party, string? returnUrl, WebProviders providers)
    {
        if (!Enum.TryParse<Party>(party, ignoreCase: true, out var which) || !providers.Has(which))
        {
            return Results.NotFound();
        }
        return Results.Challenge(new AuthenticationProperties { RedirectUri = LocalOrHome(returnUrl) }, [OidcSignIn.SchemeOf(which)]);
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, [FromForm] string? returnUrl)
    {
        await http.SignOutAsync(WebMember.Scheme);
        return Results.LocalRedirect(Path);
    }

    /// <summary>Keeps the viewer's language and time zone for a year, in cookies only this browser sends.</summary>
    private static IResult SavePreferences(HttpContext http, [FromForm] string? culture, [FromForm] string? timeZone, [FromForm] string? returnUrl)
    {
        if (culture is not null && WebCultures.Supported.Contains(culture))
        {
            KeepCulture(http, culture);
        }
        if (string.IsNullOrEmpty(timeZone))
        {
            // "My party's zone" (the form's empty choice): none kept, so the zone follows whoever signs in here.
            http.Response.Cookies.Delete(TimeZoneCookie, PreferenceCookie());
        }
        else if (TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
        {
            http.Response.Cookies.Append(TimeZoneCookie, timeZone, PreferenceCookie());
        }
        return Results.LocalRedirect(LocalOrHome(returnUrl));
    }

    /// <summary>Keeps the workspace's language for this browser (a supported culture: ru, tg or en).</summary>
    public static void KeepCulture(HttpContext http, string culture) =>
        http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)), PreferenceCookie());

    private static CookieOptions PreferenceCookie() =>
        new() { HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, Expires = DateTimeOffset.UtcNow.AddYears(1), Path = "/" };

    /// <summary>Only a path on this site: never a redirect elsewhere from a form value.</summary>
    public static string LocalOrHome(string? url) =>
        url is { Length: > 0 } && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";
}
