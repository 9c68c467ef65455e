using CaseTracker.Server.Audit;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Deadlines;
using CaseTracker.Server.Disclosures;
using CaseTracker.Server.Documents;
using CaseTracker.Server.Grpc;
using CaseTracker.Server.Hosting;
using CaseTracker.Server.Members;
using CaseTracker.Server.Notifications;
using CaseTracker.Server.Operations;
using CaseTracker.Server.People;
using CaseTracker.Server.Reconciliation;
using CaseTracker.Server.Rest;
using CaseTracker.Server.Records;
using CaseTracker.Server.Reviews;
using CaseTracker.Server.Security;
using CaseTracker.Server.Storage;
using CaseTracker.Server.Web;

namespace CaseTracker.Server;

/// <summary>Builds the server: the shared rooms first, then one registration per feature, each in its own folder.</summary>
public static class CaseTrackerApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddCaseTrackerLogging();
        builder.AddCaseTrackerTelemetry();
        builder.AddCaseTrackerEndpoints();
        builder.AddCaseTrackerStorage();
        builder.AddCaseTrackerSecurity();
        builder.AddCaseTrackerGrpc();
        builder.AddCaseTrackerDisclosures();
        builder.AddCaseTrackerCases();
        builder.AddCaseTrackerAudit();
        builder.AddCaseTrackerDeadlines();
        builder.AddCaseTrackerReviews();
        builder.AddCaseTrackerReconciliation();
        builder.AddCaseTrackerOperations();
        builder.AddCaseTrackerMembers();
        builder.AddCaseTrackerNotifications();
        builder.AddCaseTrackerPeople();
        builder.AddCaseTrackerWeb();
        builder.AddCaseTrackerDocuments();
        builder.AddCaseTrackerRecords();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.ApplyMigrations();
        app.LoadCaseTrackerTokenKeys();
        app.UseCaseTrackerAuthentication();
        app.MapCaseTrackerGrpc();
        app.MapCaseTrackerHttpHealth();
        app.MapCaseTrackerOpenApi();
        app.MapCaseTrackerMetrics();
        app.MapCaseTrackerCases();
        app.MapCaseTrackerDeadlines();
        app.MapCaseTrackerReviews();
        app.MapCaseTrackerReconciliation();
        app.MapCaseTrackerOperations();
        app.MapCaseTrackerMembers();
        app.MapCaseTrackerNotifications();
        app.MapCaseTrackerPeople();
        app.MapCaseTrackerWeb();
        app.MapCaseTrackerDocuments();
        app.MapCaseTrackerRecords();
        return app;
    }
}
