using System.Diagnostics;
using CaseTracker.Tests.Client;
using CaseTracker.Tests.Support;

namespace CaseTracker.Tests.Cli;

/// <summary>
/// The command line as investigators install it: packed as a .NET tool, installed with <c>dotnet tool install</c>
/// from the packed folder alone, and <c>casetracker --help</c> answering in under a second. Timed alone: on a
/// machine busy with the rest of the suite, a process start is no measure of the tool.
/// </summary>
[Collection(TimedAloneCollection.Name)]
public sealed class CliToolTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "casetracker-tests", "tool-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task PackedTool_InstallsFromItsFolder_AndAnswersHelpInUnderASecond()
    {
        var feed = Path.Combine(_folder, "feed");
        var tools = Path.Combine(_folder, "tools");
        Directory.CreateDirectory(_folder);
        await ProcessRunner.RunToSuccessAsync("dotnet", ["pack", Path.Combine(RepositoryPaths.Root, "clients", "CaseTracker.Cli"), "-c", RepositoryPaths.Configuration, "--no-build", "-o", feed]);
        // Only the packed folder as a source: the tool carries everything it needs.
        var config = Path.Combine(_folder, "nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <configuration>
              <packageSources>
                <clear />
                <add key="packed" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        await ProcessRunner.RunToSuccessAsync("dotnet", ["tool", "install", "CaseTracker.Cli", "--tool-path", tools, "--configfile", config]);

        var fastest = TimeSpan.MaxValue;
        var help = string.Empty;
        for (var run = 0; run < 5; run++)
        {
            var started = Stopwatch.GetTimestamp();
            help = await ProcessRunner.RunToSuccessAsync(Path.Combine(tools, "casetracker"), ["--help"]);
            var elapsed = Stopwatch.GetElapsedTime(started);
            fastest = elapsed < fastest ? elapsed : fastest;
        }

        Assert.Contains("Usage:", help, StringComparison.Ordinal);
        Assert.Contains("casetracker", help, StringComparison.Ordinal);
        Assert.Contains("cases", help, StringComparison.Ordinal);
        Assert.True(fastest < TimeSpan.FromSeconds(1), $"casetracker --help took {fastest.TotalMilliseconds:0} ms at best");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimedAloneCollection
{
    /// <summary>Tests that time something run alone, after the parallel ones.</summary>
    public const string Name = "Timed alone";
}
