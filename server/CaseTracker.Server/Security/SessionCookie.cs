namespace CaseTracker.Server.Security;

/// <summary>
/// The token a browser signed in with, kept in an HTTP-only, SameSite=Strict cookie that the bearer scheme
/// reads when a request carries no Authorization header — so no token ever travels in a URL. The page that
/// signs in sets it with a path of its own, and the browser sends it nowhere else; it ends with the token.
/// </summary>
public static class SessionCookie
{
    public const string Name = "casetracker_session";

    public static void Append(HttpResponse response, string token, DateTimeOffset expires, string path) =>
        response.Cookies.Append(Name, token, Options(response, path, expires));

    public static void Delete(HttpResponse response, string path) =>
        response.Cookies.Delete(Name, Options(response, path, expires: null));

    public static string? Read(HttpRequest request) => request.Cookies[Name];

    private static CookieOptions Options(HttpResponse response, string path, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = response.HttpContext.Request.IsHttps,
        IsEssential = true,
        Path = path,
        Expires = expires,
    };
}
