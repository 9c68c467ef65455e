using CaseTracker.Server.Cases;
using CaseTracker.Server.Grpc;
using Microsoft.AspNetCore.Authentication;

namespace CaseTracker.Server.Security;

/// <summary>
/// The caller of a request, as the authentication schemes recognised it — or the refusal a client sees when
/// they did not: the scheme's own <see cref="SecurityRuleException"/> (expired, invalid, unknown certificate)
/// travels as the failure of its <see cref="AuthenticateResult"/>.
/// </summary>
public static class CallerAuthentication
{
    public static async ValueTask<Actor> CallerOfAsync(HttpContext http)
    {
        if (CallerIdentity.Of(http.User) is { } caller)
        {
            return caller;
        }
        // The same result the authentication middleware had: a handler authenticates once per request.
        var result = await http.AuthenticateAsync();
        throw RefusalOf(http, result);
    }

    private static SecurityRuleException RefusalOf(HttpContext http, AuthenticateResult result) => result.Failure switch
    {
        SecurityRuleException refusal => refusal,
        not null when CallerSchemes.ForRequest(http) == CallerSchemes.Certificate => new(ErrorReasons.CertificateUnknown,
            "The client certificate is not accepted: it must be issued by a ministry's CA configured on this server, be within its validity, "
            + "allow client authentication and not be revoked.", RefusalKind.Unidentified),
        not null => new(ErrorReasons.CredentialsInvalid, "The token is not valid.", RefusalKind.Unidentified),
        null when result.Succeeded => new(ErrorReasons.CredentialsInvalid, "The credentials do not name a CaseTracker caller.", RefusalKind.Unidentified),
        null => new(ErrorReasons.CredentialsMissing,
            "This call needs a bearer token: send the header 'authorization: Bearer <token>'.", RefusalKind.Unidentified),
    };
}
