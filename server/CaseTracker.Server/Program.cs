using CaseTracker.Server;
using CaseTracker.Server.Hosting;

if (ServerCommands.IsCommand(args))
{
    return await ServerCommands.RunAsync(args);
}

var app = CaseTrackerApp.Build(args);
app.Run();
return 0;

/// <summary>The server's entry point; public so tests can host it with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
