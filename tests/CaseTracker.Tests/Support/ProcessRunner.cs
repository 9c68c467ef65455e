using System.Diagnostics;

namespace CaseTracker.Tests.Support;

/// <summary>Runs a program as a user would (dotnet, a packed tool, the server's subcommands) and returns what it printed.</summary>
public static class ProcessRunner
{
    /// <summary>Its exit code and its stdout followed by its stderr; at most five minutes.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> arguments, string? workingDirectory = null,
        params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = workingDirectory ?? string.Empty,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }

    /// <summary>What it printed, once it exited 0 (else the test fails with its output).</summary>
    public static async Task<string> RunToSuccessAsync(string file, IEnumerable<string> arguments, string? workingDirectory = null,
        params (string Name, string Value)[] environment)
    {
        var (code, output) = await RunAsync(file, arguments, workingDirectory, environment);
        Assert.True(code == 0, $"{file} {string.Join(' ', arguments)} exited {code}:\n{output}");
        return output;
    }
}
