using CaseTracker.Server.Hosting;

namespace CaseTracker.Server.Reconciliation;

public static class ReconciliationExtensions
{
    /// <summary>Bulk lists: their options, the returned-home indexes kept between imports, imports, reviewer actions and the endpoint.</summary>
    public static WebApplicationBuilder AddCaseTrackerReconciliation(this WebApplicationBuilder builder)
    {
        StartupOptions.Bind<ReconciliationOptions>(builder, ReconciliationOptions.Section);
        builder.Services.AddSingleton<KnownPersonIndexes>();
        builder.Services.AddSingleton<ImportQuotas>();
        builder.Services.AddSingleton<RegistryNotices>();
        builder.Services.AddSingleton<RegistryEffects>();
        builder.Services.AddSingleton<RegistrySnapshots>();
        builder.Services.AddSingleton<PersonListImports>();
        builder.Services.AddSingleton<ReconciliationActions>();
        return builder;
    }

    public static WebApplication MapCaseTrackerReconciliation(this WebApplication app)
    {
        app.MapGrpcService<ReconciliationGrpcService>();
        return app;
    }
}
