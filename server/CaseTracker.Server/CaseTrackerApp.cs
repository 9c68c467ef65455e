using CaseTracker.Server.Deadlines;
using CaseTracker.Server.Grpc;
using CaseTracker.Server.Hosting;
using CaseTracker.Server.Reviews;
using CaseTracker.Server.Security;
using CaseTracker.Server.Storage;

namespace CaseTracker.Server;

/// <summary>Builds the server: the registrations live in one extensions file per feature.</summary>
public static class CaseTrackerApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddCaseTrackerLogging();
        builder.AddCaseTrackerEndpoints();
        builder.AddCaseTrackerStorage();
        builder.AddCaseTrackerSecurity();
        builder.AddCaseTrackerGrpc();
        builder.AddCaseTrackerDeadlines();
        builder.AddCaseTrackerReviews();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.ApplyMigrations();
        app.MapCaseTrackerGrpc();
        app.MapCaseTrackerDeadlines();
        app.MapCaseTrackerReviews();
        return app;
    }
}
