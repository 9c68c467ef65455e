using System.Security.Claims;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace CaseTracker.Server.Web.Session;

/// <summary>
/// The person signed in to the workspace: who (as the API knows them), their display name and the bearer token
/// the workspace calls the API with. Kept in the workspace's cookie, which data protection encrypts and signs
/// (keys in the shared database, so any node reads it); HTTP-only and SameSite=Lax, so scripts never see it and
/// other sites' forms never send it. The token never appears in a URL or a page.
/// </summary>
public sealed record WebMember(Actor Caller, string Name, string Token)
{
    public const string Scheme = "CaseTrackerWeb";
    public const string CookieName = "casetracker_web";
    private const string NameClaim = "name";
    private const string TokenClaim = "casetracker:web-token";

    /// <summary>The member signed in on this request, or null.</summary>
    public static WebMember? Of(ClaimsPrincipal? user)
    {
        if (user?.Identity is not { IsAuthenticated: true, AuthenticationType: Scheme } identity
            || !Enum.TryParse<Party>(user.FindFirstValue(CallerIdentity.PartyClaim), out var party)
            || !Enum.TryParse<Role>(user.FindFirstValue(CallerIdentity.RoleClaim), out var role)
            || user.FindFirstValue(TokenClaim) is not { Length: > 0 } token)
        {
            return null;
        }
        var id = user.FindFirstValue(CallerIdentity.SubjectClaim) ?? string.Empty;
        return new WebMember(new Actor(id, party, role), user.FindFirstValue(NameClaim) ?? id, token);
    }

    /// <summary>The principal the cookie keeps for this member.</summary>
    public ClaimsPrincipal ToPrincipal() => new(new ClaimsIdentity(
    [
        new Claim(CallerIdentity.SubjectClaim, Caller.Id),
        new Claim(CallerIdentity.PartyClaim, Caller.Party.ToString()),
        new Claim(CallerIdentity.RoleClaim, Caller.Role.ToString()),
        new Claim(NameClaim, Name),
        new Claim(TokenClaim, Token),
    ], Scheme, NameClaim, CallerIdentity.RoleClaim));

    /// <summary>
    /// Signs the member in: the cookie ends with the token, or earlier at <paramref name="sessionEnd"/>; the
    /// workspace takes the language of the member's roster entry.
    /// </summary>
    public async Task SignInAsync(HttpContext http, DateTimeOffset tokenEnd, DateTimeOffset sessionEnd)
    {
        await http.SignInAsync(Scheme, ToPrincipal(), new AuthenticationProperties
        {
            IsPersistent = false,
            ExpiresUtc = tokenEnd < sessionEnd ? tokenEnd : sessionEnd,
            AllowRefresh = false,
        });
        await RosterLanguage.ApplyAsync(http, this);
    }

    /// <summary>The cookie scheme's settings.</summary>
    public static void Configure(CookieAuthenticationOptions cookie)
    {
        cookie.Cookie.Name = CookieName;
        cookie.Cookie.HttpOnly = true;
        // Lax, not Strict: the identity provider's redirect back must carry the sign-in correlation; a POST from
        // another site never carries it, and every form also needs its antiforgery token.
        cookie.Cookie.SameSite = SameSiteMode.Lax;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.Cookie.Path = "/";
        cookie.LoginPath = WebSignIn.Path;
        cookie.LogoutPath = WebSignIn.SignOutPath;
        cookie.AccessDeniedPath = WebSignIn.Path;
        cookie.SlidingExpiration = false;
    }
}
