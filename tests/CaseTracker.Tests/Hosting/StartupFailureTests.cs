using System.Diagnostics;
using CaseTracker.Server.Hosting;
using CaseTracker.Tests.Support;
using Microsoft.Data.Sqlite;

namespace CaseTracker.Tests.Hosting;

/// <summary>
/// What an operator sees when the server cannot start: one line on standard error naming the problem and what to
/// do, and the exit code README "Exit codes" gives for it — never a stack trace as the only message.
/// </summary>
public sealed class StartupFailureTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "casetracker-tests", "start-" + Guid.NewGuid().ToString("N"));
    private string? _mounted;

    public StartupFailureTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public async Task Start_OnADataFolderThatCannotBeMade_SaysSoInOneLineWithExitCode3()
    {
        var blocker = Path.Combine(_folder, "not-a-folder");
        File.WriteAllText(blocker, "a file where the data folder should be");

        var result = await StartAsync(Path.Combine(blocker, "data"));

        AssertOneLine(result, StartupRefusal.DataFolderNotWritable, $"cannot write the data folder {Path.Combine(blocker, "data")}");
    }

    [Fact]
    public async Task Start_OnACorruptDatabaseFile_SaysSoInOneLineWithExitCode6()
    {
        var data = Path.Combine(_folder, "data");
        Directory.CreateDirectory(data);
        File.WriteAllBytes(Path.Combine(data, "casetracker.db"), Enumerable.Repeat((byte)0x5a, 8192).ToArray());

        var result = await StartAsync(data);

        AssertOneLine(result, StartupRefusal.CorruptFile, $"the database {Path.Combine(data, "casetracker.db")} is corrupt");
        Assert.Contains("restore --from", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_OnADatabaseMigratedByANewerServer_SaysSoInOneLineWithExitCode5()
    {
        var data = Path.Combine(_folder, "data");
        Directory.CreateDirectory(data);
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(data, "casetracker.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE "__EFMigrationsHistory" ("MigrationId" TEXT NOT NULL PRIMARY KEY, "ProductVersion" TEXT NOT NULL);
                INSERT INTO "__EFMigrationsHistory" VALUES ('29991231000000_FromALaterVersion', '99.0.0');
                """;
            command.ExecuteNonQuery();
        }

        var result = await StartAsync(data);

        AssertOneLine(result, StartupRefusal.DatabaseNewerThanCode, "was migrated by a newer version of the server (migration 29991231000000_FromALaterVersion is unknown to this one)");
    }

    [Fact]
    public async Task Start_WithAnEmptyKeyFile_SaysSoInOneLineWithExitCode6()
    {
        var data = Path.Combine(_folder, "data");
        Directory.CreateDirectory(Path.Combine(data, "dev-keys"));
        File.WriteAllBytes(Path.Combine(data, "page-token.key"), []);

        var result = await StartAsync(data);

        AssertOneLine(result, StartupRefusal.CorruptFile, $"the key file {Path.Combine(data, "page-token.key")} is empty");
    }

    [MountingFact]
    public async Task Start_OnAFullDisk_SaysSoInOneLineWithExitCode4()
    {
        var disk = Path.Combine(_folder, "disk");
        Directory.CreateDirectory(disk);
        Mount(disk);
        // Fill the disk to the last byte: the server then cannot write even its first page.
        using (var filler = File.Create(Path.Combine(disk, "filler")))
        {
            var block = new byte[64 * 1024];
            try
            {
                while (true)
                {
                    filler.Write(block);
                }
            }
            catch (IOException)
            {
            }
        }

        var result = await StartAsync(Path.Combine(disk, "data"));

        AssertOneLine(result, StartupRefusal.DiskFull, $"the disk holding {Path.Combine(disk, "data")} is full");
    }

    private static Task<ServerProcess.Result> StartAsync(string dataDirectory) =>
        ServerProcess.RunAsync([$"--Storage:DataDirectory={dataDirectory}", "--Endpoints:Grpc=http://127.0.0.1:0", "--Endpoints:Http=http://127.0.0.1:0"]);

    private static void AssertOneLine(ServerProcess.Result result, int exitCode, string problem)
    {
        Assert.True(result.ExitCode == exitCode, $"exit code {result.ExitCode}, expected {exitCode}:\n{result.Output}\n{result.Errors}");
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("casetracker: cannot start: ", line, StringComparison.Ordinal);
        Assert.Contains(problem, line, StringComparison.Ordinal);
        Assert.EndsWith($"(exit code {exitCode})", line, StringComparison.Ordinal);
    }

    private void Mount(string folder)
    {
        using var mount = Process.Start(new ProcessStartInfo("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", folder]) { RedirectStandardError = true })!;
        mount.WaitForExit();
        Assert.True(mount.ExitCode == 0, $"mount -t tmpfs failed: {mount.StandardError.ReadToEnd()}");
        _mounted = folder;
    }

    public void Dispose()
    {
        if (_mounted is not null)
        {
            using var unmount = Process.Start(new ProcessStartInfo("umount", [_mounted]))!;
            unmount.WaitForExit();
        }
        Directory.Delete(_folder, recursive: true);
    }
}
