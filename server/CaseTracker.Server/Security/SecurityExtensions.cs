using System.Security.Cryptography.X509Certificates;
using CaseTracker.Server.Hosting;
using CaseTracker.Server.Storage;
using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Security;

public static class SecurityExtensions
{
    public static WebApplicationBuilder AddCaseTrackerSecurity(this WebApplicationBuilder builder)
    {
        StartupOptions.Bind<AuthOptions>(builder, AuthOptions.Section);
        builder.Services.AddSingleton(services =>
        {
            var keys = TokenKeys.Load(
                services.GetRequiredService<IOptions<AuthOptions>>().Value,
                services.GetRequiredService<IOptions<StorageOptions>>().Value,
                services.GetRequiredService<ILogger<TokenKeys>>());
            if (keys.UsesDevelopmentKeys)
            {
                services.GetRequiredService<ILogger<TokenKeys>>().LogWarning(
                    "No token issuers are configured (Auth:Issuers): using development keys under the data directory. Do not use them in production.");
            }
            return keys;
        });
        builder.Services.AddSingleton<CallerTokenHandler>();
        builder.Services.AddSingleton<MinistryCertificates>();
        builder.AddCallerSchemes();
        return builder;
    }

    /// <summary>Reads the token keys as the server starts, so a key file that cannot be read stops it with the reason.</summary>
    public static WebApplication LoadCaseTrackerTokenKeys(this WebApplication app)
    {
        app.Services.GetRequiredService<TokenKeys>();
        return app;
    }

    /// <summary>Authenticates every request with <see cref="CallerSchemes.Default"/>: each endpoint then reads <c>HttpContext.User</c>.</summary>
    public static WebApplication UseCaseTrackerAuthentication(this WebApplication app)
    {
        // Read the CA certificates and revocation lists now: a bad file stops the server at start, naming its setting.
        app.Services.GetRequiredService<MinistryCertificates>();
        app.UseAuthentication();
        return app;
    }

    private static void AddCallerSchemes(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(CallerSchemes.Default)
            .AddPolicyScheme(CallerSchemes.Default, "Bearer token or ministry certificate", options => options.ForwardDefaultSelector = CallerSchemes.ForRequest)
            .AddJwtBearer(CallerSchemes.Bearer, _ => { })
            .AddCertificate(CallerSchemes.Certificate, _ => { });

        builder.Services.AddOptions<JwtBearerOptions>(CallerSchemes.Bearer).Configure<CallerTokenHandler>((options, tokens) =>
        {
            options.TokenHandlers.Clear();
            options.TokenHandlers.Add(tokens);
            options.TokenValidationParameters = tokens.Parameters;
            options.MapInboundClaims = false;
            options.Events = new BearerSchemeEvents();
        });

        builder.Services.AddOptions<CertificateAuthenticationOptions>(CallerSchemes.Certificate).Configure<MinistryCertificates>((options, ministries) =>
        {
            // The chain is built against the ministries' own CAs only, never the system's roots; revocation is
            // checked offline from each CA's CRL file by MinistryCertificates, which also decides which ministry.
            options.AllowedCertificateTypes = CertificateTypes.Chained;
            options.ChainTrustValidationMode = X509ChainTrustMode.CustomRootTrust;
            options.CustomTrustStore = ministries.Roots;
            options.AdditionalChainCertificates = ministries.Intermediates;
            options.RevocationMode = X509RevocationMode.NoCheck;
            options.ValidateCertificateUse = true;
            options.ValidateValidityPeriod = true;
            options.Events = new CertificateSchemeEvents(ministries);
        });
    }
}
