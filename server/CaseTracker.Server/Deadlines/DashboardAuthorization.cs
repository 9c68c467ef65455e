using CaseTracker.Server.Cases;
using CaseTracker.Server.Security;
using Hangfire.Dashboard;

namespace CaseTracker.Server.Deadlines;

/// <summary>
/// Opens the Hangfire dashboard to supervisors and co-chairs only. A browser presents its bearer token once
/// as <c>?access_token=...</c> (or any client as an <c>Authorization: Bearer</c> header); the token is then
/// kept in an HTTP-only cookie for the dashboard's own requests.
/// </summary>
public sealed class DashboardAuthorization(CallerAuthenticator authenticator) : IDashboardAsyncAuthorizationFilter
{
    private const string Cookie = "casetracker_dashboard";

    public async Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var http = context.GetHttpContext();
        var fromQuery = http.Request.Query["access_token"].ToString();
        var token = fromQuery.Length > 0 ? fromQuery
            : http.Request.Headers.Authorization.ToString() is { Length: > 7 } header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..]
            : http.Request.Cookies[Cookie] ?? string.Empty;
        if (token.Length == 0)
        {
            return false;
        }
        Actor caller;
        try
        {
            caller = await authenticator.AuthenticateTokenAsync(token);
        }
        catch (SecurityRuleException)
        {
            return false;
        }
        if (caller.Role is not (Role.Supervisor or Role.CoChair))
        {
            return false;
        }
        if (fromQuery.Length > 0)
        {
            http.Response.Cookies.Append(Cookie, token, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/hangfire" });
        }
        return true;
    }
}
