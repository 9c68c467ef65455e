using CaseTracker.Server.Grpc;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace CaseTracker.Server.Security;

/// <summary>
/// Where the bearer scheme finds a token: the Authorization header, or else the cookie of a browser that signed
/// in. A header that is not <c>Bearer &lt;token&gt;</c> is refused here, with the reason clients see.
/// </summary>
public sealed class BearerSchemeEvents : JwtBearerEvents
{
    private const string Prefix = "Bearer ";

    public override Task MessageReceived(MessageReceivedContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            context.Token = SessionCookie.Read(context.Request);
        }
        else if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || header[Prefix.Length..].Trim().Length == 0)
        {
            context.Fail(new SecurityRuleException(ErrorReasons.CredentialsInvalid,
                "The authorization header must be 'Bearer <token>'.", RefusalKind.Unidentified));
        }
        return Task.CompletedTask;
    }
}
