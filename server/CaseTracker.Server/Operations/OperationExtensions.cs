namespace CaseTracker.Server.Operations;

public static class OperationExtensions
{
    /// <summary>Long-running operations: their mapping and the <c>OperationService</c> endpoint.</summary>
    public static WebApplicationBuilder AddCaseTrackerOperations(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<OperationMapper>();
        return builder;
    }

    public static WebApplication MapCaseTrackerOperations(this WebApplication app)
    {
        app.MapGrpcService<OperationGrpcService>();
        return app;
    }
}
