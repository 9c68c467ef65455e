using CaseTracker.Server;
using CaseTracker.Server.Hosting;

switch (args)
{
    case ["backup", ..]:
        return CaseTracker.Server.Records.BackupCommands.Backup(args[1..]);
    case ["restore", ..]:
        return CaseTracker.Server.Records.BackupCommands.Restore(args[1..]);
}

if (ServerCommands.IsCommand(args))
{
    return await ServerCommands.RunAsync(args);
}

return ServerRun.Run(args);

/// <summary>The server's entry point; public so tests can host it with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
