using CaseTracker.Server.Hosting;
using CaseTracker.Server.Storage;
using CaseTracker.Server.Web.Components;
using CaseTracker.Server.Web.Session;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Web;

/// <summary>
/// The web workspace: Blazor pages rendered on the server (static server-side rendering: plain HTML forms, no
/// script needed, no circuit to keep), on the HTTP/1.1 endpoint. Every page is a client of the contract through
/// <see cref="WorkspaceApi"/>; sign-in is its own cookie, whose keys the nodes share through the database.
/// </summary>
public static class WebExtensions
{
    public static WebApplicationBuilder AddCaseTrackerWeb(this WebApplicationBuilder builder)
    {
        var web = StartupOptions.Bind<WebOptions>(builder, WebOptions.Section);
        builder.Services.AddRazorComponents();
        builder.Services.AddLocalization();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<WorkspaceApi>();
        builder.Services.AddSingleton<WebProviders>();
        builder.Services.AddSingleton<DevelopmentSignIn>();
        builder.Services.AddCascadingAuthenticationState();

        // Cookies (this one, antiforgery's) are protected with keys every node reads from the shared database.
        builder.Services.AddDataProtection().SetApplicationName("CaseTracker").PersistKeysToDbContext<CaseTrackerDbContext>();
        builder.Services.AddScoped(services => services.GetRequiredService<WriterContexts>().CreateDbContext());

        var authentication = builder.Services.AddAuthentication().AddCookie(WebMember.Scheme, WebMember.Configure);
        OidcSignIn.AddProviders(authentication, web);
        builder.Services.AddAuthorization();
        return builder;
    }

    public static WebApplication MapCaseTrackerWeb(this WebApplication app)
    {
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(WebCultures.Default),
            SupportedCultures = WebCultures.Supported.Select(c => new System.Globalization.CultureInfo(c)).ToList(),
            SupportedUICultures = WebCultures.Supported.Select(c => new System.Globalization.CultureInfo(c)).ToList(),
            RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()],
        });
        app.UseWorkspaceMember();
        app.UseAuthorization();
        app.UseAntiforgery();
        var pages = app.MapRazorComponents<App>();
        var forms = app.MapWebSignIn();
        var files = app.MapWorkspaceDownloads();
        var uploads = app.MapWorkspaceUploads();
        var endpoints = app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        if (endpoints.DashboardOnHttpEndpointOnly)
        {
            pages.RequireHost($"*:{new Uri(endpoints.Http).Port}");
            forms.RequireHost($"*:{new Uri(endpoints.Http).Port}");
            files.RequireHost($"*:{new Uri(endpoints.Http).Port}");
            uploads.RequireHost($"*:{new Uri(endpoints.Http).Port}");
        }
        return app;
    }

    /// <summary>
    /// A browser's request with the workspace cookie (and no Authorization header) is the member's: pages, the
    /// sign-out and preference forms, and the antiforgery check all see the same user, so a token rendered
    /// for the member validates when the member posts it.
    /// </summary>
    private static void UseWorkspaceMember(this WebApplication app) => app.Use(async (http, next) =>
    {
        if (http.Request.Cookies.ContainsKey(WebMember.CookieName) && !http.Request.Headers.ContainsKey("Authorization"))
        {
            var result = await http.AuthenticateAsync(WebMember.Scheme);
            if (result.Succeeded)
            {
                http.User = result.Principal;
            }
        }
        await next(http);
    });
}
