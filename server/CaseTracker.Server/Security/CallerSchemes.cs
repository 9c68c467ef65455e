using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Net.Http.Headers;

namespace CaseTracker.Server.Security;

/// <summary>
/// The authentication schemes every endpoint shares — gRPC, the dashboard, and whatever comes next — so that
/// all of them see one <see cref="HttpContext.User"/>: people by bearer token, ministry systems by client
/// certificate. <see cref="Default"/> is a policy scheme that picks one per request.
/// </summary>
public static class CallerSchemes
{
    public const string Default = "CaseTracker";
    public const string Bearer = JwtBearerDefaults.AuthenticationScheme;
    public const string Certificate = CertificateAuthenticationDefaults.AuthenticationScheme;

    /// <summary>
    /// A client certificate with no Authorization header is a ministry system; anything else is a person's
    /// token, from the header or from the cookie of a browser that signed in (<see cref="SessionCookie"/>).
    /// </summary>
    public static string ForRequest(HttpContext http) =>
        http.Connection.ClientCertificate is not null && !http.Request.Headers.ContainsKey(HeaderNames.Authorization)
            ? Certificate
            : Bearer;
}
