using System.Diagnostics;

namespace CaseTracker.Tests.Support;

/// <summary>The server's own executable run as an operator runs it (<c>dotnet CaseTracker.Server.dll ...</c>), for what it prints and its exit code.</summary>
public static class ServerProcess
{
    public sealed record Result(int ExitCode, string Output, string Errors)
    {
        /// <summary>The non-empty lines of standard error.</summary>
        public IReadOnlyList<string> ErrorLines => Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Runs the server with <paramref name="arguments"/> and waits for it to end (it is killed after <paramref name="timeout"/>).</summary>
    public static async Task<Result> RunAsync(IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CaseTracker.Server.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment.Remove("CASETRACKER_TEST_POSTGRES");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the server did not end within {timeout}: {await output}{await errors}");
        }
        return new Result(process.ExitCode, await output, await errors);
    }
}
