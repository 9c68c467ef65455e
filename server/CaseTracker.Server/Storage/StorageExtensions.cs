using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
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

        // Readers: plain pooled contexts. WAL lets them read while the writer writes.
        builder.Services.AddPooledDbContextFactory<CaseTrackerDbContext>((services, options) =>
            options.UseSqlite(services.GetRequiredService<IOptions<StorageOptions>>().Value.ResolveConnectionString()));

        // The writer: its connections are made durable (synchronous=FULL) on every open.
        builder.Services.AddSingleton(services => new WriterContexts(
            services.GetRequiredService<IOptions<StorageOptions>>().Value.ResolveConnectionString()));
        builder.Services.AddSingleton<Audit.CaseEventNotifier>();
        builder.Services.AddSingleton<BatchingWriter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<BatchingWriter>());
        return builder;
    }

    /// <summary>Brings the database to the latest migration, in WAL mode, before the server takes calls.</summary>
    public static void ApplyMigrations(this WebApplication app)
    {
        var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        Directory.CreateDirectory(Path.GetFullPath(storage.DataDirectory));
        using var db = app.Services.GetRequiredService<WriterContexts>().CreateDbContext();
        db.Database.Migrate();
    }
}

/// <summary>The contexts the <see cref="BatchingWriter"/> (and migration) write through.</summary>
public sealed class WriterContexts(string connectionString) : PooledDbContextFactory<CaseTrackerDbContext>(
    new DbContextOptionsBuilder<CaseTrackerDbContext>()
        .UseSqlite(connectionString)
        .AddInterceptors(new SqliteDurabilityInterceptor())
        .Options);
