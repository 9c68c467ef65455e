using CaseTracker.Server;
using CaseTracker.Server.Hosting;

switch (args)
{
    case ["token", ..]:
        return TokenCommand.Run(args[1..]);
    case ["dev-key", ..]:
        return DevelopmentKeyCommand.Run(args[1..]);
    case ["export-log", ..]:
        return await CaseTracker.Server.Audit.LogCommands.ExportAsync(args[1..]);
    case ["seed-demo", ..]:
        return await CaseTracker.Server.Demo.SeedDemoCommand.RunAsync(args[1..]);
    case ["verify-log", ..]:
        return CaseTracker.Server.Audit.LogCommands.Verify(args[1..]);
    case ["backup", ..]:
        return CaseTracker.Server.Records.BackupCommands.Backup(args[1..]);
    case ["restore", ..]:
        return CaseTracker.Server.Records.BackupCommands.Restore(args[1..]);
}

return ServerRun.Run(args);

/// <summary>The server's entry point; public so tests can host it with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
