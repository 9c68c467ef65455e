using CaseTracker.Server.Cases;
using CaseTracker.Server.Hosting;
using CaseTracker.Server.Security;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Web.Session;

/// <summary>
/// Signs a member in with the development keys, as the <c>token</c> command mints a token: only while no issuer
/// is configured (<see cref="TokenKeys.UsesDevelopmentKeys"/>). The token is then checked like any other
/// before the member is signed in with it.
/// </summary>
public sealed class DevelopmentSignIn(TokenKeys keys, CallerTokenHandler tokens, IOptions<AuthOptions> auth, IOptions<WebOptions> web, TimeProvider clock)
{
    /// <summary>Whether the development sign-in is offered.</summary>
    public bool IsAvailable => keys.UsesDevelopmentKeys;

    /// <summary>Signs the member in; false when the development keys are not in use.</summary>
    public async Task<bool> SignInAsync(HttpContext http, Party party, Role role, string name)
    {
        if (!IsAvailable)
        {
            return false;
        }
        var now = clock.GetUtcNow();
        var lifetime = web.Value.SessionLifetime;
        var token = TokenIssuer.Mint(keys, auth.Value.Audience, party, role, TokenCommand.Slug(name), name.Trim(), lifetime, now.UtcDateTime);
        var checkedToken = await tokens.ValidateTokenAsync(token);
        if (!checkedToken.IsValid || checkedToken.ClaimsIdentity is not CallerIdentity identity)
        {
            return false;
        }
        await new WebMember(identity.Caller, name.Trim(), token).SignInAsync(http, checkedToken.SecurityToken.ValidTo, now + lifetime);
        return true;
    }
}
