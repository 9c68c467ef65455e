using CaseTracker.Server.Hosting;
using CaseTracker.Server.Storage;
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
        builder.Services.AddSingleton<CallerAuthenticator>();
        return builder;
    }

    /// <summary>Reads the token keys as the server starts, so a key file that cannot be read stops it with the reason.</summary>
    public static WebApplication LoadCaseTrackerTokenKeys(this WebApplication app)
    {
        app.Services.GetRequiredService<TokenKeys>();
        return app;
    }
}
