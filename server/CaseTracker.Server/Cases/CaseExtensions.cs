namespace CaseTracker.Server.Cases;

public static class CaseExtensions
{
    /// <summary>Cases: filing, and the <c>CaseService</c> endpoint.</summary>
    public static WebApplicationBuilder AddCaseTrackerCases(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CaseFiling>();
        builder.Services.AddSingleton<CaseReadCache>();
        builder.Services.AddSingleton<Storage.ICommitWatcher>(services => services.GetRequiredService<CaseReadCache>());
        builder.Services.AddSingleton<CaseLinking>();
        builder.Services.AddSingleton<PossibleDuplicates>();
        return builder;
    }

    public static WebApplication MapCaseTrackerCases(this WebApplication app)
    {
        app.MapGrpcService<CaseGrpcService>();
        return app;
    }
}
