using System.Diagnostics;
using System.Text.RegularExpressions;
using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using Grpc.Core;

namespace CaseTracker.Tests.Client;

/// <summary>The client library never blocks a thread on a task: not in its source, and not while it fetches a slow token.</summary>
public sealed partial class NoBlockingTests
{
    private static string LibrarySource() => RepositoryPaths.ClientLibrary;

    [GeneratedRegex(@"\.Result\b|GetAwaiter\(\)\s*\.\s*GetResult\(\)|\.Wait\(\)")]
    private static partial Regex BlockingOnATask();

    [Fact]
    public void LibrarySource_HasNoSyncOverAsync()
    {
        var files = Directory.EnumerateFiles(LibrarySource(), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();

        var offenders = files.SelectMany(path => File.ReadLines(path).Select((line, i) => (path, line, number: i + 1)))
            .Where(l => BlockingOnATask().IsMatch(l.line))
            .Select(l => $"{Path.GetFileName(l.path)}:{l.number}: {l.line.Trim()}")
            .ToList();

        Assert.True(files.Count > 10, $"only {files.Count} source files found under {LibrarySource()}");
        Assert.Empty(offenders);
    }

    [Fact]
    public async Task StartingStreams_WithASlowTokenProvider_DoesNotHoldTheCallersThread()
    {
        using var host = new CaseTrackerHost();
        var token = host.TokenFor(Party.TJ, Role.MinistrySystem, "tj.mlme");
        using var client = new CaseTrackerClient(new CaseTrackerClientOptions
        {
            Address = host.Server.BaseAddress,
            TokenProvider = async cancellationToken =>
            {
                await Task.Delay(300, cancellationToken);
                return token;
            },
            HttpHandler = host.Server.CreateHandler(),
        });
        await client.Cases.ListCasesAsync(new V1.ListCasesRequest()); // warm: the first call starts the host

        var stopwatch = Stopwatch.StartNew();
        using var watch = client.Cases.WatchCaseEvents(new V1.WatchCaseEventsRequest());
        using var import = client.Reconciliations.ImportPersonList();
        var started = stopwatch.Elapsed;
        var opened = await watch.ResponseStream.MoveNext();

        Assert.True(started < TimeSpan.FromMilliseconds(150), $"starting two streams held the caller for {started}");
        Assert.True(opened, "the feed, authenticated by the slow token, sent nothing");
    }
}
