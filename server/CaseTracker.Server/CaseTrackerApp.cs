using CaseTracker.Server.Grpc;
using CaseTracker.Server.Security;
using CaseTracker.Server.Storage;

namespace CaseTracker.Server;

/// <summary>Builds the server: the registrations live in one extensions file per feature.</summary>
public static class CaseTrackerApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // appsettings.json sits beside the binary, wherever `dotnet run` is started from.
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.AddCaseTrackerEndpoints();
        builder.AddCaseTrackerStorage();
        builder.AddCaseTrackerSecurity();
        builder.AddCaseTrackerGrpc();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.ApplyMigrations();
        app.MapCaseTrackerGrpc();
        return app;
    }
}
