using CaseTracker.Tests.Client;
using CaseTracker.Tests.Support;

namespace CaseTracker.Tests.Hosting;

/// <summary>The server's subcommands answer <c>--help</c> and refuse a wrong or missing option with exit 1 naming it.</summary>
public sealed class ServerCommandsTests
{
    private static readonly string ServerDll = Path.Combine(RepositoryPaths.Root, "server", "CaseTracker.Server", "bin", RepositoryPaths.Configuration, "net10.0", "CaseTracker.Server.dll");

    [Theory]
    [InlineData("token", "--party")]
    [InlineData("dev-key", "--party")]
    [InlineData("export-log", "--out")]
    [InlineData("verify-log", "--ru-key")]
    [InlineData("seed-demo", "--cases")]
    [InlineData("backup", "--with-keys")]
    [InlineData("restore", "--from")]
    public async Task Subcommand_Help_ListsItsOptions(string command, string option)
    {
        var (code, output) = await RunAsync(command, "--help");

        Assert.Equal(0, code);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
        Assert.Contains(option, output, StringComparison.Ordinal);
        Assert.Contains("--data-dir", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--party must be RU or TJ", "token", "--party", "KZ", "--role", "investigator", "--name", "A B")]
    [InlineData("--role must be one of", "token", "--party", "TJ", "--role", "boss", "--name", "A B")]
    [InlineData("--name", "token", "--party", "TJ", "--role", "investigator")]
    [InlineData("--cases must be from 1 to 100000", "seed-demo", "--cases", "0")]
    [InlineData("no such file", "verify-log", "/nonexistent/events.jsonl")]
    public async Task Subcommand_WithABadOrMissingOption_ExitsOneNamingIt(string message, params string[] args)
    {
        var (code, output) = await RunAsync(args);

        Assert.Equal(1, code);
        Assert.Contains(message, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_PrintsATokenOnStdout_AndItsKeyFolderOnStderr()
    {
        var folder = Path.Combine(Path.GetTempPath(), "casetracker-tests", "token-" + Guid.NewGuid().ToString("N"));

        var (code, output) = await RunAsync("token", "--party", "TJ", "--role", "investigator", "--name", "Dilnoza Karimova", "--data-dir", folder);

        Assert.Equal(0, code);
        Assert.StartsWith("eyJ", output, StringComparison.Ordinal);
        Assert.Contains("signed with the development key", output, StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }

    private static Task<(int ExitCode, string Output)> RunAsync(params string[] args) => ProcessRunner.RunAsync("dotnet", [ServerDll, .. args]);
}
