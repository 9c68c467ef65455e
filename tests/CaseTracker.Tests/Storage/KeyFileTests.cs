using CaseTracker.Server.Cases;
using CaseTracker.Server.Security;
using CaseTracker.Tests.Support;

namespace CaseTracker.Tests.Storage;

/// <summary>
/// Every key the server keeps under the data folder is written whole (temporary file, fsync, rename, fsync of the
/// folder); one found empty or cut short — as a power cut before that fix left them — stops the server naming it,
/// never an empty key in use.
/// </summary>
public sealed class KeyFileTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "casetracker-tests", "keys-" + Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData("dev-keys/ru.pem")]
    [InlineData("dev-keys/tj.pem")]
    [InlineData("page-token.key")]
    [InlineData("dev-keys/review-pseudonym.key")]
    [InlineData("dev-keys/review-pseudonym-ru.key")]
    [InlineData("dev-keys/review-pseudonym-tj.key")]
    public async Task Server_WithAKeyFileTruncatedToNothing_RefusesToStartNamingTheFile(string file)
    {
        await StartOnceAsync();
        var path = Path.Combine(_dataDirectory, file);
        File.WriteAllBytes(path, []);

        using var restarted = CaseTrackerHost.OnDataDirectory(_dataDirectory);
        var messages = StartupFailure.MessagesOf(restarted);

        Assert.Contains($"the key file {path} is empty", messages, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dev-keys/ru.pem", "is not a PEM key pair")]
    [InlineData("page-token.key", "fewer than the 32 it is made with")]
    [InlineData("dev-keys/review-pseudonym.key", "is not base64")]
    public async Task Server_WithAKeyFileCutShort_RefusesToStartNamingTheFile(string file, string problem)
    {
        await StartOnceAsync();
        var path = Path.Combine(_dataDirectory, file);
        var content = File.ReadAllBytes(path);
        File.WriteAllBytes(path, content[..(content.Length / 3)]);

        using var restarted = CaseTrackerHost.OnDataDirectory(_dataDirectory);
        var messages = StartupFailure.MessagesOf(restarted);

        Assert.Contains($"the key file {path}", messages, StringComparison.Ordinal);
        Assert.Contains(problem, messages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FirstStart_LeavesEveryKeyWholeAndNoTemporaryFileBehind()
    {
        await StartOnceAsync();

        var files = Directory.EnumerateFiles(_dataDirectory, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(_dataDirectory, path)).ToList();
        Assert.DoesNotContain(files, name => name.EndsWith(".tmp", StringComparison.Ordinal) || name.Contains(".write-probe", StringComparison.Ordinal));
        foreach (var key in new[] { "dev-keys/ru.pem", "dev-keys/tj.pem", "page-token.key", "dev-keys/review-pseudonym.key" })
        {
            Assert.True(new FileInfo(Path.Combine(_dataDirectory, key)).Length >= 32, key);
        }
    }

    /// <summary>Starts the server once on the folder, which makes its keys, and checks it serves.</summary>
    private async Task StartOnceAsync()
    {
        using var host = CaseTrackerHost.OnDataDirectory(_dataDirectory);
        var client = host.ClientFor(Party.RU, Role.Investigator);
        await client.Cases.ListCasesAsync(new CaseTracker.V1.ListCasesRequest());
    }

    public void Dispose()
    {
        TestDatabase.Drop(_dataDirectory);
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
