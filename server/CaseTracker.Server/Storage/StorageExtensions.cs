using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Storage;

public static class StorageExtensions
{
    public static WebApplicationBuilder AddCaseTrackerStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddPooledDbContextFactory<CaseTrackerDbContext>((services, options) =>
        {
            var storage = services.GetRequiredService<IOptions<StorageOptions>>().Value;
            Directory.CreateDirectory(Path.GetFullPath(storage.DataDirectory));
            options.UseSqlite(storage.ResolveConnectionString())
                .AddInterceptors(new SqliteDurabilityInterceptor());
        });
        builder.Services.AddSingleton<BatchingWriter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<BatchingWriter>());
        return builder;
    }

    /// <summary>Brings the database to the latest migration before the server takes calls.</summary>
    public static void ApplyMigrations(this WebApplication app)
    {
        using var db = app.Services.GetRequiredService<IDbContextFactory<CaseTrackerDbContext>>().CreateDbContext();
        db.Database.Migrate();
    }
}
