using System.Reflection;

namespace CaseTracker.Server.Hosting;

/// <summary>
/// Runs the server; if it cannot start, prints one line saying why and what to do on standard error and exits with
/// that reason's code (<see cref="StartupRefusal"/>, README "Exit codes"), never a stack trace alone. A failure
/// after the server started is not a start failure and is left to the host.
/// </summary>
public static class ServerRun
{
    /// <summary>
    /// Whether the server runs as its own process. Hosted in another (the tests' <c>WebApplicationFactory</c>), a
    /// failure to start is that host's exception to see.
    /// </summary>
    private static bool IsOwnProcess => Assembly.GetEntryAssembly() == typeof(ServerRun).Assembly;

    public static int Run(string[] args)
    {
        WebApplication? app = null;
        try
        {
            app = CaseTrackerApp.Build(args);
            app.Run();
            return 0;
        }
        catch (Exception error) when (IsOwnProcess && error is not HostAbortedException
                                      && (app is null || !app.Lifetime.ApplicationStarted.IsCancellationRequested))
        {
            var refusal = StartupFailures.Describe(error);
            Console.Error.WriteLine($"casetracker: cannot start: {refusal.Message} (exit code {refusal.ExitCode})");
            if (refusal.ExitCode == StartupRefusal.Unexpected)
            {
                Console.Error.WriteLine(error);
            }
            return refusal.ExitCode;
        }
    }
}
