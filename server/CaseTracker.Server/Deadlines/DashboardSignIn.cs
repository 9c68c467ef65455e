using System.Text.Encodings.Web;
using CaseTracker.Server.Security;
using Microsoft.AspNetCore.Antiforgery;

namespace CaseTracker.Server.Deadlines;

/// <summary>
/// The dashboard's sign-in page. A supervisor or co-chair pastes their bearer token into a form — never into a
/// URL, where it would stay in browser history and proxy logs; the server checks it as the bearer scheme does
/// and keeps it in an HTTP-only, SameSite=Strict cookie for the dashboard's path only (<see cref="SessionCookie"/>),
/// ending with the token. The form and sign-out carry ASP.NET Core antiforgery tokens; other roles get a page
/// saying why not.
/// </summary>
public static class DashboardSignIn
{
    public const string DashboardPath = "/hangfire";
    public const string Path = DashboardPath + "/sign-in";
    public const string SignOutPath = DashboardPath + "/sign-out";

    /// <summary>Maps the page, the form's target and sign-out.</summary>
    public static RouteGroupBuilder MapDashboardSignIn(this WebApplication app)
    {
        var group = app.MapGroup(DashboardPath);
        group.MapGet("/sign-in", Show);
        group.MapPost("/sign-in", SignInAsync);
        group.MapPost("/sign-out", SignOutAsync);
        return group;
    }

    /// <summary>Sends a browser that is not signed in from the dashboard to this page; other clients get the dashboard's own 401.</summary>
    public static RequestDelegate SendingBrowsersToSignIn(RequestDelegate dashboard) => http =>
    {
        if (HttpMethods.IsGet(http.Request.Method) && CallerIdentity.Of(http.User) is null
            && http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            http.Response.Redirect(Path);
            return Task.CompletedTask;
        }
        return dashboard(http);
    };

    private static IResult Show(HttpContext http, IAntiforgery antiforgery)
    {
        var form = antiforgery.GetAndStoreTokens(http);
        var hidden = $"<input type=\"hidden\" name=\"{Encode(form.FormFieldName)}\" value=\"{Encode(form.RequestToken)}\">";
        var caller = CallerIdentity.Of(http.User);
        var signedIn = DashboardAuthorization.MayOpen(caller)
            ? $"<p>Signed in as {Encode(caller!.Id)} ({caller.Party}, {RoleNames.Format(caller.Role)}). <a href=\"{DashboardPath}\">Open the dashboard</a>.</p>"
              + $"<form method=\"post\" action=\"{SignOutPath}\">{hidden}<button type=\"submit\">Sign out</button></form>"
            : string.Empty;
        return Page(StatusCodes.Status200OK, "Sign in to the deadlines dashboard", signedIn + $"""
            <p>The dashboard is open to supervisors and co-chairs. Paste the bearer token your party issued you.</p>
            <form method="post" action="{Path}">{hidden}
              <p><label for="token">Token</label><br><textarea id="token" name="token" rows="6" cols="80" autocomplete="off" spellcheck="false" required></textarea></p>
              <p><button type="submit">Sign in</button></p>
            </form>
            """);
    }

    private static async Task<IResult> SignInAsync(HttpContext http, IAntiforgery antiforgery, CallerTokenHandler tokens)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return FormRefused();
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var token = form["token"].ToString().Trim();
        token = token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? token["Bearer ".Length..].Trim() : token;
        if (token.Length == 0)
        {
            return Refused(StatusCodes.Status400BadRequest, "No token was pasted.");
        }
        var result = await tokens.ValidateTokenAsync(token);
        if (!result.IsValid || result.ClaimsIdentity is not CallerIdentity identity)
        {
            return Refused(StatusCodes.Status401Unauthorized, $"{result.Exception?.Message} Ask your party's identity office for a current token.");
        }
        if (!DashboardAuthorization.MayOpen(identity.Caller))
        {
            return Refused(StatusCodes.Status403Forbidden,
                $"The dashboard is open to supervisors and co-chairs only; this token is for {identity.Caller.Id}, "
                + $"{RoleNames.Format(identity.Caller.Role)}.");
        }
        SessionCookie.Append(http.Response, token, result.SecurityToken.ValidTo, DashboardPath);
        return Results.Redirect(DashboardPath);
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return FormRefused();
        }
        SessionCookie.Delete(http.Response, DashboardPath);
        return Results.Redirect(Path);
    }

    private static IResult FormRefused() => Refused(StatusCodes.Status400BadRequest,
        "The form did not come from this server's sign-in page, or it has expired.");

    private static IResult Refused(int status, string message) =>
        Page(status, "Not signed in", $"<p>{Encode(message)}</p><p><a href=\"{Path}\">Back to the sign-in page</a></p>");

    private static IResult Page(int status, string title, string body) => Results.Content(
        $"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>{title} — CaseTracker</title></head>
        <body><h1>{title}</h1>
        {body}
        </body></html>
        """, "text/html; charset=utf-8", statusCode: status);

    private static string Encode(string? text) => HtmlEncoder.Default.Encode(text ?? string.Empty);
}
