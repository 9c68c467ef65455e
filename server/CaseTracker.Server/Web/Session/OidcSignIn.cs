using CaseTracker.Server.Cases;
using CaseTracker.Server.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace CaseTracker.Server.Web.Session;

/// <summary>
/// Each party's people sign in at their own identity provider (OpenID Connect, authorization code flow). The
/// access token the provider issues is checked as every bearer token is (<see cref="CallerTokenHandler"/>): its
/// party is the party whose key signed it, and it must be the provider's own party, or the sign-in is refused.
/// </summary>
public static class OidcSignIn
{
    /// <summary>The authentication scheme of <paramref name="party"/>'s identity provider.</summary>
    public static string SchemeOf(Party party) => $"CaseTrackerWeb-{party}";

    /// <summary>Adds one OpenID Connect scheme per configured party.</summary>
    public static void AddProviders(AuthenticationBuilder authentication, WebOptions web)
    {
        foreach (var (name, provider) in web.Oidc)
        {
            var party = Enum.Parse<Party>(name, ignoreCase: true);
            authentication.AddOpenIdConnect(SchemeOf(party), $"{party} identity provider", options =>
            {
                options.Authority = provider.Authority;
                options.ClientId = provider.ClientId;
                options.ClientSecret = provider.ClientSecret.Length > 0 ? provider.ClientSecret : null;
                options.RequireHttpsMetadata = provider.RequireHttpsMetadata;
                options.ResponseType = OpenIdConnectResponseType.Code;
                // The code comes back on a top-level GET (never a token: the code is single-use and bound to the
                // PKCE verifier), so the correlation and nonce cookies can be SameSite=Lax and work over the
                // plain-HTTP listener behind a TLS-terminating proxy as well as on it.
                options.ResponseMode = OpenIdConnectResponseMode.Query;
                options.CorrelationCookie.SameSite = SameSiteMode.Lax;
                options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.NonceCookie.SameSite = SameSiteMode.Lax;
                options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.UsePkce = true;
                options.SaveTokens = false;
                options.SignInScheme = WebMember.Scheme;
                options.CallbackPath = $"/signin-oidc-{party.ToString().ToLowerInvariant()}";
                options.SignedOutCallbackPath = $"/signout-oidc-{party.ToString().ToLowerInvariant()}";
                options.MapInboundClaims = false;
                foreach (var scope in provider.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    options.Scope.Add(scope);
                }
                options.Events.OnTokenValidated = context => AcceptAsync(context, party);
                options.Events.OnRemoteFailure = context =>
                {
                    // Back to the sign-in page, saying the provider's sign-in was refused; the reason goes to the log only.
                    context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OidcSignIn))
                        .LogWarning("A sign-in at the {Party} identity provider was refused: {Reason}", party, context.Failure?.Message);
                    context.Response.Redirect($"{WebSignIn.Path}?refused={party}");
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
            });
        }
    }

    private static async Task AcceptAsync(TokenValidatedContext context, Party party)
    {
        var accessToken = context.TokenEndpointResponse?.AccessToken;
        if (string.IsNullOrEmpty(accessToken))
        {
            context.Fail($"The {party} identity provider issued no access token for the workspace.");
            return;
        }
        var tokens = context.HttpContext.RequestServices.GetRequiredService<CallerTokenHandler>();
        var result = await tokens.ValidateTokenAsync(accessToken);
        if (!result.IsValid || result.ClaimsIdentity is not CallerIdentity identity)
        {
            context.Fail($"The {party} identity provider's access token is not accepted by the server: {result.Exception?.Message}");
            return;
        }
        if (identity.Caller.Party != party)
        {
            context.Fail($"The {party} identity provider issued a token signed for {identity.Caller.Party}.");
            return;
        }
        var name = context.Principal?.FindFirst("name")?.Value ?? identity.Caller.Id;
        var member = new WebMember(identity.Caller, name, accessToken);
        context.Principal = member.ToPrincipal();
        context.Properties!.ExpiresUtc = result.SecurityToken.ValidTo;
        context.Properties.IsPersistent = false;
        await RosterLanguage.ApplyAsync(context.HttpContext, member);
    }
}
